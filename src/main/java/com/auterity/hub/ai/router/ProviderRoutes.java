package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiProperties;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The two routes every provider call goes through, with the timeouts declared on the endpoint:
 * {@code hub.ai.request-timeout} ({@code AI_REQUEST_TIMEOUT}) is the longest wait for the answer
 * (for a stream: for each next piece of it). The endpoint is fixed; the address comes from the
 * model registry (which only ADMIN changes) through {@link Exchange#HTTP_URI}, set by {@link
 * ProviderHttp} on an exchange it creates itself, so no inbound header or user input can steer it.
 * Redirects are not followed (an API key must not travel to another host).
 */
@Component
class ProviderRoutes extends RouteBuilder {

    static final String CALL = "direct:ai-provider-call";
    static final String STREAM = "direct:ai-provider-stream";

    /** Exchange property: the {@code Consumer<String>} that gets each line of a 2xx stream. */
    static final String LINES = "hubAiStreamLines";

    private final AiProperties properties;

    ProviderRoutes(AiProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configure() {
        long timeout = properties.requestTimeout().toMillis();
        long connect = Math.min(timeout, 10_000);
        String options =
                "?throwExceptionOnFailure=false&followRedirects=false&connectTimeout="
                        + connect
                        + "&connectionRequestTimeout="
                        + timeout
                        + "&responseTimeout="
                        + timeout;

        from(CALL)
                .routeId("ai-provider-call")
                .routeDescription(
                        "Calls an AI provider's API at the registry's address; answers its status"
                                + " and body (timeout hub.ai.request-timeout)")
                .to("http://ai-provider" + options)
                .convertBodyTo(String.class);

        // Streaming stays inside the route: with the stream cache off, camel-http hands over the
        // live response stream, which is read line by line here as the provider sends it (the
        // connection is released when the exchange ends, so it cannot be read after the route).
        // responseTimeout is the socket's read timeout: it bounds the wait for each next piece.
        from(STREAM)
                .routeId("ai-provider-stream")
                .routeDescription(
                        "Calls an AI provider's streaming API at the registry's address and passes"
                                + " each line of a 2xx answer on as it arrives")
                .to("http://ai-provider" + options + "&disableStreamCache=true")
                .process(ProviderRoutes::readLines);
    }

    @SuppressWarnings("unchecked")
    private static void readLines(Exchange exchange) throws Exception {
        Integer status =
                exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Object body = exchange.getMessage().getBody();
        InputStream in =
                body instanceof InputStream stream
                        ? stream
                        : exchange.getContext()
                                .getTypeConverter()
                                .convertTo(InputStream.class, exchange, body);
        if (in == null) {
            exchange.getMessage().setBody("");
            return;
        }
        try (in) {
            if (status == null || status >= 300) {
                exchange.getMessage()
                        .setBody(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
                return;
            }
            Consumer<String> lines = exchange.getProperty(LINES, Consumer.class);
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.accept(line);
            }
            exchange.getMessage().setBody("");
        }
    }
}
