package com.auterity.hub.security.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries {@code X-API-Key}, or, on the OpenAI-compatible API under
 * {@code /v1/}, {@code Authorization: Bearer <api key>} (the way OpenAI SDKs send their key). A
 * bearer value is taken for an API key only when it has the keys' form ({@code ahk_...}), which no
 * JWT has, and is then hidden from the JWT filter; any other bearer value is left to it. An unknown
 * or revoked key is answered with 401 at once: a request that names a key is never treated as
 * anonymous.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    /** Where a bearer API key is accepted too. */
    static final String OPENAI_PATH = "/v1/";

    /**
     * How stale {@code last_used_at} may get before a request refreshes it (saves a write per
     * call).
     */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final ApiKeys keys;
    private final SecurityContextRepository contexts =
            new RequestAttributeSecurityContextRepository();
    private final AuthenticationEntryPoint entryPoint;

    ApiKeyAuthenticationFilter(ApiKeys keys, AuthenticationEntryPoint entryPoint) {
        this.keys = keys;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (presented == null && request.getRequestURI().startsWith(OPENAI_PATH)) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization != null
                    && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    && authorization.substring(7).strip().startsWith(ApiKeyCodec.PREFIX)) {
                presented = authorization.substring(7);
                request = withoutAuthorization(request);
            }
        }
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        String hash = ApiKeyCodec.hash(presented.strip());
        var key = keys.findActiveByHash(hash);
        if (key.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("INVALID_API_KEY"));
            return;
        }
        var found = key.get();
        Instant now = Instant.now();
        if (found.lastUsedAt() == null || found.lastUsedAt().isBefore(now.minus(TOUCH_EVERY))) {
            keys.touch(found.id(), hash, now);
        }
        var authentication =
                UsernamePasswordAuthenticationToken.authenticated(
                        "apikey:" + found.id(),
                        null,
                        found.roles().stream()
                                .map(r -> new SimpleGrantedAuthority(r.authority()))
                                .toList());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        // kept on the request too: the async dispatch that completes an API call must see it
        contexts.saveContext(context, request, response);
        chain.doFilter(request, response);
    }

    /** The request without its Authorization header, so the JWT filter does not see the key. */
    private static HttpServletRequest withoutAuthorization(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)
                        ? null
                        : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)
                        ? Collections.emptyEnumeration()
                        : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                return Collections.enumeration(
                        Collections.list(super.getHeaderNames()).stream()
                                .filter(n -> !HttpHeaders.AUTHORIZATION.equalsIgnoreCase(n))
                                .toList());
            }
        };
    }
}
