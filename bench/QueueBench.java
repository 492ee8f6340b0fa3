import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The message queue's round trip, side by side with a plain Kafka producer/consumer pair on the
 * same broker in the same run.
 *
 * <p>hub: CONCURRENCY clients POST {@code /api/v1/queues/bench-orders/messages} (closed loop, each
 * waits for the broker's acknowledgement), the {@code kafka} trigger of {@code bench-queue} records
 * an execution per message, the workflow's data-transform runs and the execution and node records
 * are written to the hub's database. End to end: from just before the POST to the execution's
 * {@code finished_at}.
 *
 * <p>plain: CONCURRENCY threads send with a KafkaProducer (acks=all, idempotent, each send waits for
 * its acknowledgement), one KafkaConsumer in a group polls, parses the JSON and computes the same
 * total. End to end: from just before the send to the consumer having the record.
 *
 * <p>Usage: java -cp 'lib/*' bench/QueueBench.java BASE_URL API_KEY BOOTSTRAP MESSAGES CONCURRENCY
 */
public class QueueBench {

    static final ObjectMapper JSON = new ObjectMapper();

    record Result(String name, int messages, long errors, double seconds, long[] micros) {
        double throughput() {
            return messages / seconds;
        }

        double percentileMs(double p) {
            if (micros.length == 0) {
                return 0;
            }
            return micros[(int) Math.min(micros.length - 1, Math.ceil(p * micros.length) - 1)] / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        String bootstrap = args[2];
        int messages = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        System.out.printf("warm-up: %d messages each%n", Math.min(1000, messages / 5));
        plain(bootstrap, "bench-plain-warmup", Math.min(1000, messages / 5), concurrency);
        Instant warmStart = Instant.now();
        hub(http, base, key, Math.min(1000, messages / 5), concurrency, warmStart, 0);

        Result plain = plain(bootstrap, "bench-plain", messages, concurrency);
        Result hub = hub(http, base, key, messages, concurrency, Instant.now(), 1_000_000);

        System.out.println();
        System.out.printf("%-7s %9s %11s %11s %11s %7s%n", "", "msgs", "msgs/s", "e2e p50 ms", "e2e p99 ms", "errors");
        for (Result r : List.of(hub, plain)) {
            System.out.printf(
                    "%-7s %9d %11.0f %11.1f %11.1f %7d%n",
                    r.name(), r.messages(), r.throughput(), r.percentileMs(0.50), r.percentileMs(0.99), r.errors());
        }
        System.out.printf(
                "ratio hub/plain: throughput %.3f, p99 latency %.1f%n",
                hub.throughput() / plain.throughput(), hub.percentileMs(0.99) / plain.percentileMs(0.99));
    }

    /** REST publish -> topic -> kafka-triggered workflow -> execution records in the database. */
    static Result hub(HttpClient http, String base, String key, int messages, int concurrency, Instant since, int firstId)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.currentTimeMillis();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(
                    pool.submit(
                            () -> {
                                for (int i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
                                    // a refused publish (503 with Retry-After) is sent again: every message arrives
                                    while (!publish(http, base, key, firstId + i)) {
                                        errors.incrementAndGet();
                                        Thread.sleep(100);
                                    }
                                }
                                return null;
                            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();
        // wait for every execution to finish, then read them all back
        List<JsonNode> done;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            done = executions(http, base, key, since.minusSeconds(1), Instant.now().plusSeconds(1));
            long finished = done.stream()
                    .filter(e -> e.path("results").path("order").asInt(-1) >= firstId)
                    .filter(e -> !e.path("finished_at").isNull())
                    .count();
            if (finished >= messages || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        long[] micros = new long[messages];
        int n = 0;
        long last = 0;
        for (JsonNode e : done) {
            JsonNode results = e.path("results");
            if (!"completed".equals(e.path("status").asText()) || results.path("order").asInt(-1) < firstId || n == messages) {
                continue;
            }
            Instant finished = Instant.parse(e.get("finished_at").asText());
            long finishedMicros = finished.getEpochSecond() * 1_000_000 + finished.getNano() / 1000;
            micros[n++] = finishedMicros - results.get("sent_at").asLong();
            last = Math.max(last, finishedMicros / 1000);
        }
        long[] sorted = Arrays.stream(micros, 0, n).sorted().toArray();
        double seconds = (last - start) / 1000.0;
        return new Result("hub", n, errors.get() + (messages - n), seconds, sorted);
    }

    static boolean publish(HttpClient http, String base, String key, int id) {
        String body = "{\"key\":\"o-" + id + "\",\"body\":{\"id\":" + id
                + ",\"qty\":3,\"price\":7,\"sent_at\":" + micros() + "}}";
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + "/api/v1/queues/bench-orders/messages"))
                        .header("Content-Type", "application/json")
                        .header("X-API-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 201;
        } catch (Exception e) {
            return false;
        }
    }

    /** All executions of bench-queue created in [from, to), splitting the window under the list limit. */
    static List<JsonNode> executions(HttpClient http, String base, String key, Instant from, Instant to) throws Exception {
        String url = base + "/api/v1/executions?workflow_id=bench-queue&limit=500&from="
                + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8) + "&to="
                + URLEncoder.encode(to.toString(), StandardCharsets.UTF_8);
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", key).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        List<JsonNode> list = new ArrayList<>();
        JSON.readTree(response.body()).forEach(list::add);
        long span = Duration.between(from, to).toMillis();
        if (list.size() < 500 || span <= 1) {
            return list;
        }
        Instant middle = from.plusMillis(span / 2);
        List<JsonNode> both = new ArrayList<>(executions(http, base, key, from, middle));
        both.addAll(executions(http, base, key, middle, to));
        return both;
    }

    /** A plain KafkaProducer (acks=all, idempotent, waiting for each ack) and one KafkaConsumer. */
    static Result plain(String bootstrap, String topic, int messages, int concurrency) throws Exception {
        Properties producerConfig = new Properties();
        producerConfig.put("bootstrap.servers", bootstrap);
        producerConfig.put("acks", "all");
        producerConfig.put("enable.idempotence", "true");
        producerConfig.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        producerConfig.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        Properties consumerConfig = new Properties();
        consumerConfig.put("bootstrap.servers", bootstrap);
        consumerConfig.put("group.id", topic + "-" + System.nanoTime());
        consumerConfig.put("auto.offset.reset", "earliest");
        consumerConfig.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        consumerConfig.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        long[] micros = new long[messages];
        AtomicInteger received = new AtomicInteger();
        AtomicLong lastReceived = new AtomicLong();
        Thread consumerThread =
                new Thread(
                        () -> {
                            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
                                consumer.subscribe(List.of(topic));
                                while (received.get() < messages) {
                                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                                        JsonNode body = JSON.readTree(record.value());
                                        long total = body.get("qty").asLong() * body.get("price").asLong();
                                        if (total != 21) {
                                            throw new IllegalStateException("wrong total " + total);
                                        }
                                        long now = micros();
                                        micros[received.getAndIncrement()] = now - body.get("sent_at").asLong();
                                        lastReceived.set(now / 1000);
                                    }
                                    consumer.commitSync();
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        consumerThread.start();
        AtomicInteger next = new AtomicInteger();
        long start = System.currentTimeMillis();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            List<Future<?>> senders = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                senders.add(
                        pool.submit(
                                () -> {
                                    for (int i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
                                        String body = "{\"id\":" + i + ",\"qty\":3,\"price\":7,\"sent_at\":" + micros() + "}";
                                        producer.send(new ProducerRecord<>(topic, "o-" + i, body)).get();
                                    }
                                    return null;
                                }));
            }
            for (Future<?> f : senders) {
                f.get();
            }
            pool.shutdown();
        }
        consumerThread.join(Duration.ofMinutes(5).toMillis());
        long[] sorted = Arrays.stream(micros, 0, received.get()).sorted().toArray();
        return new Result("plain", received.get(), messages - received.get(), (lastReceived.get() - start) / 1000.0, sorted);
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
