package com.auterity.hub.support;

import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A fake HTTP service for http-request nodes: it records every request (method, path, query,
 * headers, body) and answers each path as told, 200 {@code {"reached":true}} unless told otherwise.
 * It listens on all addresses, so a test can reach it through loopback (which the hub's outbound
 * guard refuses) and through a {@linkplain #siteAddress() non-loopback address} of this machine
 * (which the guard lets through).
 */
public final class RecordingHttpServer implements AutoCloseable {

    /** One request as the server saw it; header names are case-insensitive. */
    public record Request(
            String method,
            String path,
            String query,
            Map<String, List<String>> headers,
            String body) {

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private record Answer(int status, String contentType, String body, boolean held) {}

    private static final Answer REACHED =
            new Answer(200, "application/json", "{\"reached\":true}", false);

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private RecordingHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    public static RecordingHttpServer start() {
        try {
            return new RecordingHttpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers requests to {@code path} with this status and body. */
    public void answer(String path, int status, String contentType, String body) {
        answers.put(path, new Answer(status, contentType, body, false));
    }

    /** Answers requests to {@code path} only when the server is closed (at most after 30 s). */
    public void hold(String path) {
        answers.put(path, new Answer(200, "application/json", "{\"late\":true}", true));
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * The first IPv4 address of this machine that is neither loopback nor link-local, so neither
     * refused by the outbound guard. Outside CI a machine without one skips the calling test; in CI
     * it fails, as the test must run there.
     */
    public static String siteAddress() {
        Optional<String> address = firstSiteAddress();
        if (address.isEmpty()) {
            if (System.getenv("CI") != null) {
                fail("CI must have a non-loopback IPv4 address for the http-request tests");
            }
            Assumptions.abort("this machine has no non-loopback IPv4 address");
        }
        return address.get();
    }

    private static Optional<String> firstSiteAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address
                            && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()
                            && !address.isAnyLocalAddress()
                            && !address.isMulticastAddress()) {
                        return Optional.of(address.getHostAddress());
                    }
                }
            }
            return Optional.empty();
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            String body =
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(
                    new Request(
                            exchange.getRequestMethod(),
                            path,
                            exchange.getRequestURI().getRawQuery(),
                            headers,
                            body));
            Answer answer = answers.getOrDefault(path, REACHED);
            if (answer.held()) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        workers.shutdownNow();
    }
}
