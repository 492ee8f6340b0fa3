package com.auterity.hub.gateway.internal;

import com.auterity.hub.gateway.GatewayProperties;
import com.auterity.hub.shared.ApiErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects, before any other work, a body over {@code hub.gateway.max-body-size} (413) and, on the
 * API, a body whose content type the API does not take (415). A body sent without a length is read
 * at most up to the limit, so no client can make the hub buffer more.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestLimitsFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final List<MediaType> accepted;
    private final ApiErrors errors;

    RequestLimitsFilter(GatewayProperties properties, ApiErrors errors) {
        this.maxBytes = properties.maxBodySize().toBytes();
        this.accepted = properties.mediaTypes().stream().map(MediaType::parseMediaType).toList();
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && request.getHeader("Transfer-Encoding") != null;
        if (length > maxBytes) {
            tooLarge(response);
            return;
        }
        if ((length > 0 || chunked) && request.getRequestURI().startsWith("/api/")) {
            String problem = unsupported(request.getContentType());
            if (problem != null) {
                errors.write(
                        response,
                        errors.answer(
                                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                                "UNSUPPORTED_MEDIA_TYPE",
                                problem,
                                Map.of(
                                        "accepted",
                                        accepted.stream().map(MediaType::toString).toList())));
                return;
            }
        }
        if (chunked) {
            byte[] body =
                    request.getInputStream()
                            .readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                tooLarge(response);
                return;
            }
            request = new BufferedBody(request, body);
        }
        chain.doFilter(request, response);
    }

    private String unsupported(String contentType) {
        if (contentType == null) {
            return "A request body needs a Content-Type header";
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return accepted.stream().anyMatch(a -> a.includes(type))
                    ? null
                    : "Content type '"
                            + type.getType()
                            + "/"
                            + type.getSubtype()
                            + "' is not supported";
        } catch (InvalidMediaTypeException e) {
            return "The Content-Type header is malformed";
        }
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        errors.write(
                response,
                errors.answer(
                        HttpStatus.PAYLOAD_TOO_LARGE,
                        "PAYLOAD_TOO_LARGE",
                        "The request body is larger than the limit",
                        Map.of("max_bytes", maxBytes)));
    }

    /** A request whose body was read up front, within the limit. */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                public int read() {
                    return in.read();
                }

                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                public boolean isFinished() {
                    return in.available() == 0;
                }

                public boolean isReady() {
                    return true;
                }

                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("Body already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String charset = getCharacterEncoding();
            return new BufferedReader(
                    new InputStreamReader(
                            getInputStream(),
                            charset == null
                                    ? StandardCharsets.UTF_8
                                    : java.nio.charset.Charset.forName(charset)));
        }
    }
}
