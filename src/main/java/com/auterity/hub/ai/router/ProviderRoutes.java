package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiProperties;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The two routes every provider call goes through, with the timeout declared here: {@code
 * hub.ai.request-timeout} ({@code AI_REQUEST_TIMEOUT}) is the longest wait for an answer, and for a
 * stream the longest wait for each next piece of it. The endpoint is fixed; the address comes from
 * the model registry (which only ADMIN changes), set by {@link ProviderHttp} on an exchange it
 * creates itself, so no inbound header or user input can steer it. Redirects are not followed (an
 * API key must not travel to another host). Failures are left on the exchange for the router, which
 * retries, counts them per deployment and logs one line each: no error handler here.
 */
@Component
class ProviderRoutes extends RouteBuilder implements DisposableBean {

    static final String CALL = "direct:ai-provider-call";
    static final String STREAM = "direct:ai-provider-stream";

    /** Exchange property: the {@link StreamCall} of a streaming call. */
    static final String STREAM_CALL = "hubAiStreamCall";

    /** A streaming POST: each line of a 2xx answer goes to {@code lines} as it arrives. */
    record StreamCall(
            String uri, Map<String, String> headers, String body, Consumer<String> lines) {}

    private final Duration timeout;
    private final HttpClient streaming;
    private final ScheduledExecutorService watchdog =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread thread = new Thread(r, "hub-ai-stream-watchdog");
                        thread.setDaemon(true);
                        return thread;
                    });

    ProviderRoutes(AiProperties properties) {
        this.timeout = properties.requestTimeout();
        this.streaming =
                HttpClient.newBuilder()
                        .connectTimeout(min(timeout, Duration.ofSeconds(10)))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        // no h2c upgrade on plain http: local servers (Ollama, vLLM) speak 1.1
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
    }

    @Override
    public void configure() {
        long ms = timeout.toMillis();
        from(CALL)
                .routeId("ai-provider-call")
                .routeDescription(
                        "Calls an AI provider's API at the registry's address; answers its status"
                                + " and body (timeout hub.ai.request-timeout)")
                .errorHandler(noErrorHandler())
                .to(
                        "http://ai-provider?throwExceptionOnFailure=false&followRedirects=false"
                                + "&connectTimeout="
                                + Math.min(ms, 10_000)
                                + "&connectionRequestTimeout="
                                + ms
                                + "&responseTimeout="
                                + ms)
                .convertBodyTo(String.class);

        // camel-http 4.17 reads a response to its end before the route goes on (with or without
        // the stream cache: a test showed every piece of a stream arriving at once), which would
        // hold back the first token until the last. So a stream is read here with the JDK's
        // HttpClient, line by line as the provider sends it.
        from(STREAM)
                .routeId("ai-provider-stream")
                .routeDescription(
                        "Calls an AI provider's streaming API at the registry's address and passes"
                                + " each line of a 2xx answer on as it arrives (timeout"
                                + " hub.ai.request-timeout for the answer and for each next line)")
                .errorHandler(noErrorHandler())
                .process(this::stream);
    }

    private void stream(Exchange exchange) throws Exception {
        StreamCall call = exchange.getProperty(STREAM_CALL, StreamCall.class);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(call.uri()))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(call.body()));
        call.headers().forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = streaming.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new java.net.SocketTimeoutException("no answer in time");
        }
        var message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.statusCode());
        response.headers()
                .firstValue("Retry-After")
                .ifPresent(v -> message.setHeader("Retry-After", v));
        response.headers()
                .firstValue("retry-after-ms")
                .ifPresent(v -> message.setHeader("retry-after-ms", v));
        try (InputStream in = response.body()) {
            if (response.statusCode() >= 300) {
                message.setBody(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
                return;
            }
            AtomicLong last = new AtomicLong(System.nanoTime());
            AtomicBoolean stalled = new AtomicBoolean();
            long every = Math.max(50, timeout.toMillis() / 4);
            ScheduledFuture<?> guard =
                    watchdog.scheduleAtFixedRate(
                            () -> {
                                if (System.nanoTime() - last.get() > timeout.toNanos()) {
                                    stalled.set(true);
                                    close(in); // ends the blocked read below
                                }
                            },
                            every,
                            every,
                            TimeUnit.MILLISECONDS);
            try {
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    last.set(System.nanoTime());
                    call.lines().accept(line);
                }
            } catch (IOException e) {
                if (stalled.get()) {
                    throw new java.net.SocketTimeoutException("the stream stalled");
                }
                throw e;
            } finally {
                guard.cancel(false);
            }
            if (stalled.get()) {
                throw new java.net.SocketTimeoutException("the stream stalled");
            }
            message.setBody("");
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is all that was wanted
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void destroy() {
        watchdog.shutdownNow();
    }
}
