import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AI gateway's overhead: a fake OpenAI chat completions server in this process (answering after
 * a fixed latency), called directly and through the hub's OpenAI-compatible endpoint, in
 * alternating rounds at 16 and 64 closed-loop clients. Every request is distinct (no cache hit) and
 * every answer is checked. Then the in-process embedding model through POST /api/v1/cognitive/embed.
 *
 * <p>Usage (compiled with HubProcess.java, as bench/ai.sh does): java AiGatewayBench HUB_URL ADMIN_PASSWORD FAKE_PORT SECONDS ROUNDS
 * LATENCY_MS[,LATENCY_MS...] [HUB_PID] [CLIENTS[,CLIENTS...]=16,64]
 */
public class AiGatewayBench {

    static final String ANSWER =
            "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1733000000,"
                    + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"Paris is the capital of France.\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":8,\"total_tokens\":22}}";

    record Result(String name, long requests, long errors, double seconds, long[] micros, double cpu) {
        double throughput() {
            return requests / seconds;
        }

        double percentile(double p) {
            return micros.length == 0
                    ? 0
                    : micros[(int) Math.min(micros.length - 1, Math.ceil(p * micros.length) - 1)] / 1000.0;
        }
    }

    static HubProcess hubProcess;

    /** How many closed-loop clients each comparison runs with, in turn. */
    static int[] clientCounts;

    /** The fake provider's answer time now, in milliseconds. */
    static volatile long latency;

    public static void main(String[] args) throws Exception {
        String hub = args[0];
        String password = args[1];
        int fakePort = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        long[] latencies =
                java.util.Arrays.stream(args[5].split(",")).mapToLong(Long::parseLong).toArray();
        hubProcess = new HubProcess(args.length > 6 ? args[6] : null);
        clientCounts =
                args.length > 7
                        ? Arrays.stream(args[7].split(",")).mapToInt(Integer::parseInt).toArray()
                        : new int[] {16, 64};

        // without it, the answer's headers and body leave in two packets and the second waits for
        // the client's delayed ACK: 40 ms more per call
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", fakePort), 512);
        fake.setExecutor(Executors.newFixedThreadPool(128));
        byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
        fake.createContext(
                "/v1/chat/completions",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    try {
                        Thread.sleep(latency);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, answer.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                });
        fake.start();

        HttpClient client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        String token =
                field(post(client, hub + "/api/v1/auth/token", null,
                        "{\"username\":\"admin\",\"password\":\"" + password + "\"}"), "access_token");
        post(client, hub + "/api/v1/integrations/connections?test=false", token,
                "{\"name\":\"bench-ai\",\"connector\":\"rest-api-action\",\"config\":{\"baseUrl\":"
                        + "\"http://127.0.0.1:" + fakePort + "\",\"authType\":\"api-key\"},"
                        + "\"secrets\":{\"apiKey\":\"sk-bench\"}}");
        post(client, hub + "/api/v1/ai/models", token,
                "{\"id\":\"bench-1\",\"model_group\":\"bench\",\"provider\":\"openai\",\"base_url\":"
                        + "\"http://127.0.0.1:" + fakePort + "/v1\",\"model\":\"gpt-4o-mini\","
                        + "\"connection\":\"bench-ai\",\"input_price\":\"0.15\",\"output_price\":\"0.60\"}");
        String key =
                field(post(client, hub + "/api/v1/auth/api-keys", token,
                        "{\"name\":\"bench\",\"roles\":[\"OPERATOR\"]}"), "key");

        String direct = "http://127.0.0.1:" + fakePort + "/v1/chat/completions";
        String viaHub = hub + "/v1/chat/completions";
        latency = latencies[0];
        run(client, "direct", direct, "sk-bench", seconds, 16);
        hubProcess.warmUp(10, () -> run(client, "hub", viaHub, key, seconds, 64));
        for (long ms : latencies) {
            latency = ms;
            System.out.printf("%n=== fake provider answering in %d ms%n", ms);
            compare(client, direct, viaHub, key, seconds, rounds);
        }
        fake.stop(0);

        // the in-process embedding model: 16 texts per request, 4 clients
        String texts = "[" + String.join(",", java.util.Collections.nCopies(16,
                "\"The delivery was late and the box arrived damaged, I want a refund\"")) + "]";
        post(client, hub + "/api/v1/cognitive/embed", token, "{\"texts\":" + texts + "}");
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong embedded = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                long i = 0;
                while (System.nanoTime() < end) {
                    String body = "{\"texts\":" + texts.replace("refund", "refund " + worker + "-" + i++) + "}";
                    if (post(client, hub + "/api/v1/cognitive/embed", token, body).contains("embeddings")) {
                        embedded.addAndGet(16);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("%nin-process embeddings (all-MiniLM-L6-v2, 16 texts per request, 4 clients): %.0f texts/s%n",
                embedded.get() / ((System.nanoTime() - start) / 1e9));
        System.exit(0); // the HTTP client's and the fake server's threads would keep the JVM up
    }

    /** Direct against through the hub, in alternating rounds, at each count of clients. */
    static void compare(HttpClient client, String direct, String viaHub, String key, int seconds, int rounds)
            throws Exception {
        for (int clients : clientCounts) {
            List<Result> d = new ArrayList<>();
            List<Result> h = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                boolean directFirst = round % 2 == 1;
                for (int i = 0; i < 2; i++) {
                    boolean isDirect = directFirst == (i == 0);
                    Result r =
                            run(client, isDirect ? "direct" : "hub", isDirect ? direct : viaHub,
                                    isDirect ? "sk-bench" : key, seconds, clients);
                    (isDirect ? d : h).add(r);
                }
            }
            Result rd = merge("direct", d);
            Result rh = merge("hub", h);
            System.out.printf("%n%d clients      req/s   p50 ms   p99 ms   errors  hub CPU ms/req%n", clients);
            for (Result r : List.of(rd, rh)) {
                System.out.printf("%-10s %10.0f %8.2f %8.2f %8d %10.2f%n", r.name(), r.throughput(),
                        r.percentile(0.5), r.percentile(0.99), r.errors(),
                        r.requests() == 0 ? 0 : r.cpu() * 1000 / r.requests());
            }
            System.out.printf(
                    "hub overhead at %d clients: p50 +%.2f ms, p99 +%.2f ms, throughput ratio %.2f%n",
                    clients, rh.percentile(0.5) - rd.percentile(0.5),
                    rh.percentile(0.99) - rd.percentile(0.99), rh.throughput() / rd.throughput());
        }
    }

    static Result run(HttpClient client, String name, String url, String key, int seconds, int clients)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> workers = new ArrayList<>();
        double cpuStart = hubProcess.cpuSeconds();
        long start = System.nanoTime();
        for (int w = 0; w < clients; w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                long[] latencies = new long[1 << 14];
                int n = 0;
                long i = 0;
                while (System.nanoTime() < end) {
                    // distinct and with a temperature: never a cache hit
                    String body = "{\"model\":\"bench\",\"temperature\":0.7,\"max_tokens\":50,\"messages\":["
                            + "{\"role\":\"user\",\"content\":\"Capital of France? #" + worker + "-" + i++ + "\"}]}";
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || !response.body().contains("capital of France")) {
                            errors.incrementAndGet();
                            continue;
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = (System.nanoTime() - t0) / 1000;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : workers) {
            parts.add(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = name.equals("hub") ? hubProcess.cpuSeconds() - cpuStart : 0;
        pool.shutdown();
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(name, all.length, errors.get(), elapsed, all, cpu);
    }

    static Result merge(String name, List<Result> results) {
        return new Result(name,
                results.stream().mapToLong(Result::requests).sum(),
                results.stream().mapToLong(Result::errors).sum(),
                results.stream().mapToDouble(Result::seconds).sum(),
                results.stream().flatMapToLong(r -> Arrays.stream(r.micros())).sorted().toArray(),
                results.stream().mapToDouble(Result::cpu).sum());
    }

    static String post(HttpClient client, String url, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
