import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP load on two endpoints of the same hub, in alternating rounds so both see the
 * same machine state: the workflow's webhook and its hand-written twin. Prints throughput and
 * latency percentiles of each and their ratios. Every answer is checked for the right tier.
 *
 * <p>With the hub's process id it also reports the hub's CPU time per request, read from
 * /proc: a figure that, unlike throughput, stays comparable on a machine that is busy with
 * something else.
 *
 * <p>Usage (compiled with HubProcess.java, as bench/run.sh does): java LoadTest BASE_URL API_KEY SECONDS_PER_ROUND ROUNDS CONCURRENCY [HUB_PID]
 */
public class LoadTest {

    record Result(
            String name, long requests, long errors, double seconds, long[] latenciesMicros, double hubCpuSeconds,
            double gcPauses, double gcSeconds) {
        double throughput() {
            return requests / seconds;
        }

        /** The share of the time the hub was paused for garbage collection. */
        double gcPausedPercent() {
            return 100 * gcSeconds / seconds;
        }

        /** The hub's CPU time (user + system) per answered request, in milliseconds. */
        double cpuMillisPerRequest() {
            return requests == 0 ? 0 : hubCpuSeconds * 1000 / requests;
        }

        long percentile(double p) {
            if (latenciesMicros.length == 0) {
                return 0;
            }
            return latenciesMicros[(int) Math.min(latenciesMicros.length - 1, Math.ceil(p * latenciesMicros.length) - 1)];
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int seconds = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        hub = new HubProcess(args.length > 5 ? args[5] : null);
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String[][] targets = {{"workflow", base + "/api/v1/hooks/bench/score"}, {"hand-written", base + "/api/v1/bench/score"}};

        // the JIT compiles both paths for minutes, the workflow's longer (it has more code)
        hub.warmUp(8, () -> {
            for (String[] target : targets) {
                run(client, target[0], target[1], key, seconds, concurrency);
            }
        });
        List<Result> workflow = new ArrayList<>();
        List<Result> hand = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // alternate which goes first, so neither always runs on a warmer machine
            boolean workflowFirst = round % 2 == 1;
            for (int i = 0; i < 2; i++) {
                String[] target = targets[workflowFirst ? i : 1 - i];
                Result r = run(client, target[0], target[1], key, seconds, concurrency);
                (target[0].equals("workflow") ? workflow : hand).add(r);
                System.out.printf(
                        "round %d %-13s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  hub CPU %5.2f ms/req  GC %3.0f pauses %5.0f ms  errors %d%n",
                        round, r.name(), r.throughput(), r.percentile(0.50) / 1000.0, r.percentile(0.99) / 1000.0,
                        r.cpuMillisPerRequest(), r.gcPauses(), r.gcSeconds() * 1000, r.errors());
            }
        }
        Result w = merge("workflow", workflow);
        Result h = merge("hand-written", hand);
        System.out.println();
        System.out.printf(
                "%-13s %10s %10s %10s %14s %12s %8s%n", "", "req/s", "p50 ms", "p99 ms", "hub CPU ms/req", "GC paused", "errors");
        for (Result r : List.of(w, h)) {
            System.out.printf(
                    "%-13s %10.0f %10.2f %10.2f %14.2f %11.1f%% %8d%n",
                    r.name(), r.throughput(), r.percentile(0.50) / 1000.0, r.percentile(0.99) / 1000.0,
                    r.cpuMillisPerRequest(), r.gcPausedPercent(), r.errors());
        }
        System.out.printf(
                "ratio workflow/hand-written: throughput %.2f, p50 latency %.2f, p99 latency %.2f, hub CPU per request %.2f%n",
                w.throughput() / h.throughput(),
                (double) w.percentile(0.50) / h.percentile(0.50),
                (double) w.percentile(0.99) / h.percentile(0.99),
                h.cpuMillisPerRequest() == 0 ? 0 : w.cpuMillisPerRequest() / h.cpuMillisPerRequest());

        // the goal's comparison: the workflow's throughput at a p99 no higher than the hand-written
        // route's, found by giving the workflow fewer clients until its p99 comes down to that.
        // Each step measures the hand-written route again, in short windows alternating with the
        // workflow's, and compares the two: the machine's speed drifts by up to a fifth over
        // minutes, and both sides then drift alike.
        long target = h.percentile(0.99);
        System.out.printf("%nat equal p99 (the hand-written route's at %d clients, measured again before each step):%n", concurrency);
        if (w.percentile(0.99) <= target) {
            System.out.printf(
                    "ratio workflow/hand-written at equal p99: throughput %.2f (workflow at %d clients)%n",
                    w.throughput() / h.throughput(), concurrency);
            return;
        }
        // in a closed loop on a busy hub latency grows with the clients: start where the workflow's
        // p99 would meet the target, then take one client fewer at a time
        int clients = (int) Math.min(concurrency - 1, Math.ceil((double) concurrency * target / w.percentile(0.99)));
        for (; clients >= 1; clients--) {
            List<Result> refs = new ArrayList<>();
            List<Result> steps = new ArrayList<>();
            for (int i = 0; i < STEP_WINDOWS; i++) {
                int part = Math.max(5, seconds / STEP_WINDOWS);
                refs.add(run(client, "hand-written", targets[1][1], key, part, concurrency));
                steps.add(run(client, "workflow", targets[0][1], key, part, clients));
            }
            Result ref = merge("hand-written", refs);
            Result r = merge("workflow", steps);
            System.out.printf(
                    "  hand-written at %2d clients %6.0f req/s  p99 %6.2f ms  CPU %4.2f ms/req | workflow at %2d clients %6.0f req/s  p99 %6.2f ms  CPU %4.2f ms/req  GC paused %4.1f%%%n",
                    concurrency, ref.throughput(), ref.percentile(0.99) / 1000.0, ref.cpuMillisPerRequest(), clients,
                    r.throughput(), r.percentile(0.99) / 1000.0, r.cpuMillisPerRequest(), r.gcPausedPercent());
            if (r.percentile(0.99) <= ref.percentile(0.99)) {
                System.out.printf(
                        "ratio workflow/hand-written at equal p99: throughput %.2f (workflow at %d clients; %.2f against the rounds' hand-written figures%s)%n",
                        r.throughput() / ref.throughput(), clients, r.throughput() / h.throughput(),
                        r.percentile(0.99) <= target ? "" : ", whose p99 it exceeds");
                return;
            }
        }
        System.out.println("the workflow's p99 stays above the hand-written route's even at 1 client");
    }

    /** Windows of each route in a step of the equal-p99 search, alternating. */
    static final int STEP_WINDOWS = 3;

    static Result merge(String name, List<Result> results) {
        long requests = results.stream().mapToLong(Result::requests).sum();
        long errors = results.stream().mapToLong(Result::errors).sum();
        double seconds = results.stream().mapToDouble(Result::seconds).sum();
        double cpu = results.stream().mapToDouble(Result::hubCpuSeconds).sum();
        long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.latenciesMicros())).sorted().toArray();
        return new Result(
                name, requests, errors, seconds, all, cpu, results.stream().mapToDouble(Result::gcPauses).sum(),
                results.stream().mapToDouble(Result::gcSeconds).sum());
    }

    static Result run(HttpClient client, String name, String url, String key, int seconds, int concurrency) throws Exception {
        double[] gcStart = hub.gcPauses(); // before the round: jstat takes a moment
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> workers = new ArrayList<>();
        long start = System.nanoTime();
        double cpuStart = hub.cpuSeconds();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            workers.add(
                    pool.submit(
                            () -> {
                                long[] latencies = new long[1 << 16];
                                int n = 0;
                                long i = worker;
                                while (System.nanoTime() < end) {
                                    boolean hot = (i++ & 1) == 0;
                                    HttpRequest request =
                                            HttpRequest.newBuilder(URI.create(url))
                                                    .header("Content-Type", "application/json")
                                                    .header("X-API-Key", key)
                                                    .POST(HttpRequest.BodyPublishers.ofString("{\"budget\":" + (hot ? 30000 : 10000) + "}"))
                                                    .build();
                                    long t0 = System.nanoTime();
                                    try {
                                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                                        boolean right =
                                                response.statusCode() == 200
                                                        && response.body().replace(" ", "").contains("\"tier\":\"" + (hot ? "hot" : "cold") + "\"");
                                        if (!right) {
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
        double cpu = hub.cpuSeconds() - cpuStart;
        double[] gc = hub.gcPauses();
        pool.shutdown();
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(name, all.length, errors.get(), elapsed, all, cpu, gc[0] - gcStart[0], gc[1] - gcStart[1]);
    }

    static HubProcess hub;
}
