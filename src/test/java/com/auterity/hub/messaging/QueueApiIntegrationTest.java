package com.auterity.hub.messaging;

import static com.auterity.hub.support.WorkflowFixtures.edge;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static com.auterity.hub.support.WorkflowFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.auterity.hub.support.RecordingHttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The message queue on the hub's in-process broker, over real HTTP: publish and consume through a
 * workflow, dead letters and their replay, the bound on unacknowledged messages, and that no header
 * steers a message to another topic.
 */
class QueueApiIntegrationTest extends HubIntegrationTest {

    private static RecordingHttpServer callbacks;

    @Autowired MessageQueue queue;

    @BeforeAll
    static void startCallbacks() {
        callbacks = RecordingHttpServer.start();
    }

    @AfterAll
    static void stopCallbacks() {
        callbacks.close();
    }

    // --- publish and consume ---------------------------------------------------------------

    @Test
    void publishedMessagesStartTheKafkaTriggeredWorkflowOnceEach() {
        String topic = unique("orders");
        String workflowId = unique("kafka-flow");
        createWorkflow(
                workflowId,
                chain(
                        node("in", "kafka", Map.of("topic", topic)),
                        node(
                                "shape",
                                "data-transform",
                                Map.of("expression", "{order: .id, total: (.qty * .price)}"))));

        List<JsonNode> acks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var published =
                    publish(
                            topic,
                            Map.of(
                                    "key",
                                    "order-" + i,
                                    "headers",
                                    Map.of("event-type", "created"),
                                    "body",
                                    Map.of("id", i, "qty", 2, "price", 5)));
            assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
            acks.add(body(published));
        }

        assertThat(acks)
                .allSatisfy(ack -> assertThat(ack.get("topic").asText()).isEqualTo(topic))
                .extracting(ack -> ack.get("offset").asLong())
                .containsExactly(0L, 1L, 2L, 3L, 4L);
        List<JsonNode> executions =
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> completedExecutions(workflowId), list -> list.size() >= 5);
        assertThat(executions)
                .extracting(e -> e.get("results").get("order").asInt())
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(executions)
                .allSatisfy(e -> assertThat(e.get("results").get("total").asInt()).isEqualTo(10));
        // all committed: the group has no lag
        JsonNode listed =
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> topic(topic), t -> lag(t, "wf-" + workflowId) == 0);
        assertThat(listed.get("partitions").asInt()).isEqualTo(1);
        assertThat(listed.get("end_offsets").get("0").asLong()).isEqualTo(5);
    }

    // --- dead letters ----------------------------------------------------------------------

    @Test
    void aPoisonMessageEndsInTheDeadLetterTopicAndIsDeliveredOnceWhenReplayedAfterTheFix() {
        String topic = unique("payments");
        String path = "/" + unique("callback");
        callbacks.answer(path, 500, "application/json", "{\"error\":\"cannot handle\"}");
        var subscribed =
                asDeveloper(
                        "POST",
                        "/api/v1/queues/" + topic + "/subscriptions",
                        Map.of(
                                "callback_url",
                                "http://"
                                        + RecordingHttpServer.siteAddress()
                                        + ":"
                                        + callbacks.port()
                                        + path,
                                "rate_per_second",
                                50));
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);

        var published =
                publish(
                        topic,
                        Map.of(
                                "key",
                                "p-1",
                                "headers",
                                Map.of("source", "shop"),
                                "body",
                                Map.of("amount", -1)));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        long offset = body(published).get("offset").asLong();

        JsonNode deadLetter =
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> deadLetters(topic), d -> d.size() == 1)
                        .get(0);
        assertThat(deadLetter.get("error").asText()).contains("500");
        assertThat(deadLetter.get("attempts").asInt()).isEqualTo(3);
        assertThat(deadLetter.get("key").asText()).isEqualTo("p-1");
        assertThat(deadLetter.get("headers").get("source").asText()).isEqualTo("shop");
        assertThat(deadLetter.get("body").get("amount").asInt()).isEqualTo(-1);
        assertThat(deadLetter.get("original").get("topic").asText()).isEqualTo(topic);
        assertThat(deadLetter.get("original").get("offset").asLong()).isEqualTo(offset);
        assertThat(deadLetter.get("replayed_at").isNull()).isTrue();
        assertThat(callbacks.requests(path)).hasSize(3);

        // the fix: the receiver accepts the message now
        callbacks.answer(path, 200, "application/json", "{}");
        var replayed =
                asOperator("POST", "/api/v1/queues/" + topic + "/dead-letters/replay", Map.of());
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(body(replayed).get("replayed").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> callbacks.requests(path).size() == 4);
        var delivered = callbacks.requests(path).get(3);
        assertThat(delivered.header("Hub-Message-Id")).isEqualTo(topic + "/0/" + offset);
        assertThat(delivered.header("Hub-Key")).isEqualTo("p-1");
        assertThat(delivered.header("Hub-Header-source")).isEqualTo("shop");
        assertThat(read(delivered.body()).get("amount").asInt()).isEqualTo(-1);
        assertThat(deadLetters(topic).get(0).get("replayed_at").isNull()).isFalse();

        // "all" now means none; the same dead letter replayed again on purpose is recognised
        var again =
                asOperator("POST", "/api/v1/queues/" + topic + "/dead-letters/replay", Map.of());
        assertThat(body(again).get("replayed").asInt()).isZero();
        var byOffset =
                asOperator(
                        "POST",
                        "/api/v1/queues/" + topic + "/dead-letters/replay",
                        Map.of(
                                "partition",
                                0,
                                "offsets",
                                List.of(deadLetter.get("offset").asLong())));
        assertThat(body(byOffset).get("replayed").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lag(topic(topic), subscribed(subscribed)) == 0);
        assertThat(callbacks.requests(path)).as("delivered once after the fix").hasSize(4);
    }

    @Test
    void aJavaSubscriberProcessesEachMessageOnceAndItsFailuresAreDeadLettered() throws Exception {
        String topic = unique("java-sub");
        List<QueueMessage> handled = new CopyOnWriteArrayList<>();
        AtomicBoolean fixed = new AtomicBoolean(false);
        try (Subscription subscription =
                queue.subscribe(
                        topic,
                        message -> {
                            if (message.body().path("poison").asBoolean() && !fixed.get()) {
                                throw new IllegalArgumentException("poison pill");
                            }
                            handled.add(message);
                        })) {
            assertThat(subscription.group()).isEqualTo("hub-" + topic);
            queue.publish(topic, "a", Map.of(), read("{\"n\":1}"));
            queue.publish(topic, "b", Map.of(), read("{\"n\":2,\"poison\":true}"));
            queue.publish(topic, "c", Map.of(), read("{\"n\":3}"));

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> handled.size() == 2 && deadLetters(topic).size() == 1);
            assertThat(deadLetters(topic).get(0).get("error").asText())
                    .isEqualTo("IllegalArgumentException: poison pill");
            assertThat(deadLetters(topic).get(0).get("consumer").asText())
                    .isEqualTo("hub-" + topic);

            fixed.set(true);
            asOperator("POST", "/api/v1/queues/" + topic + "/dead-letters/replay", Map.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 3);
            assertThat(handled.get(2).origin()).isEqualTo(new QueueMessage.Origin(topic, 0, 1));
            assertThat(handled).extracting(m -> m.body().get("n").asInt()).containsExactly(1, 3, 2);
        }
    }

    // --- limits -----------------------------------------------------------------------------

    @Test
    void whenTheBoundIsReachedPublishingAnswers503WithRetryAfterAndRecovers() throws Exception {
        String topic = unique("stuck");
        assertThat(publish(topic, Map.of("body", Map.of("n", -1))).statusCode()).isEqualTo(201);
        // every producer gets a quota of 100 bytes a second: the broker makes the hub's producer
        // wait before each further request, so the next messages wait for their acknowledgement
        ClientQuotaEntity everyClient =
                new ClientQuotaEntity(Collections.singletonMap(ClientQuotaEntity.CLIENT_ID, null));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafkaServers()))) {
            ExecutorService clients = Executors.newFixedThreadPool(64);
            try {
                quota(admin, everyClient, 100.0);
                // a publish every 50 ms, while the throttled broker acknowledges a batch every
                // second or so: the messages waiting for theirs reach the bound
                List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(
                                () -> {
                                    int n = waiting.size();
                                    waiting.add(
                                            CompletableFuture.supplyAsync(
                                                    () ->
                                                            publish(
                                                                    topic,
                                                                    Map.of("body", Map.of("n", n))),
                                                    clients));
                                    return waiting.stream()
                                            .anyMatch(QueueApiIntegrationTest::refused);
                                });
                HttpResponse<String> refused =
                        waiting.stream()
                                .filter(QueueApiIntegrationTest::refused)
                                .map(CompletableFuture::join)
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new AssertionError(
                                                        "no publish was refused while "
                                                                + QUEUE_SIZE
                                                                + " waited"));
                assertError(refused, 503, "QUEUE_FULL");
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

                quota(admin, everyClient, null);
                for (var response : waiting) {
                    var answer = response.get(60, TimeUnit.SECONDS);
                    assertThat(answer.statusCode()).as(answer.body()).isIn(201, 503);
                }
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () ->
                                        publish(topic, Map.of("body", Map.of("n", 0))).statusCode()
                                                == 201);
            } finally {
                quota(admin, everyClient, null);
                clients.shutdownNow();
            }
        }
    }

    private static boolean refused(CompletableFuture<HttpResponse<String>> response) {
        return response.isDone()
                && !response.isCompletedExceptionally()
                && response.join().statusCode() == 503;
    }

    private static void quota(Admin admin, ClientQuotaEntity entity, Double bytesPerSecond)
            throws Exception {
        admin.alterClientQuotas(
                        List.of(
                                new ClientQuotaAlteration(
                                        entity,
                                        List.of(
                                                new ClientQuotaAlteration.Op(
                                                        "producer_byte_rate", bytesPerSecond)))))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void namesHeadersAndBodiesAreValidated() {
        assertError(publish("bad%20name", Map.of("body", Map.of())), 400, "INVALID_TOPIC");
        assertError(publish("x".repeat(201), Map.of("body", Map.of())), 400, "INVALID_TOPIC");
        assertError(publish("orders.dlq", Map.of("body", Map.of())), 400, "INVALID_TOPIC");
        assertError(publish("orders", Map.of("key", "k")), 400, "VALIDATION_FAILED");
        JsonNode refused =
                assertError(
                        publish(
                                "orders",
                                Map.of("headers", Map.of("X-Secret", "1"), "body", Map.of())),
                        400,
                        "HEADER_NOT_ALLOWED");
        assertThat(refused.get("details").get("allowed").toString()).contains("event-type");
        assertError(
                asDeveloper(
                        "POST",
                        "/api/v1/queues/orders/subscriptions",
                        Map.of("callback_url", "http://127.0.0.1:" + port + "/api/v1/queues")),
                403,
                "OUTBOUND_REFUSED");
        assertError(
                asDeveloper(
                        "POST",
                        "/api/v1/queues/orders/subscriptions",
                        Map.of("callback_url", "file:///etc/passwd")),
                400,
                "INVALID_CALLBACK");
    }

    @Test
    void publishingTakesAnOperatorAndReadingAViewer() {
        String viewer = tokenOfNewUser("VIEWER");
        var denied =
                send(
                        "POST",
                        "/api/v1/queues/orders/messages",
                        Map.of("body", Map.of()),
                        Map.of("Authorization", "Bearer " + viewer));
        assertError(denied, 403, "FORBIDDEN");
        var listed =
                send("GET", "/api/v1/queues", null, Map.of("Authorization", "Bearer " + viewer));
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        var unauthenticated =
                send("POST", "/api/v1/queues/orders/messages", Map.of("body", Map.of()), Map.of());
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        var subscribeAsOperator =
                asOperator(
                        "POST",
                        "/api/v1/queues/orders/subscriptions",
                        Map.of("callback_url", "http://example.com/hook"));
        assertError(subscribeAsOperator, 403, "FORBIDDEN");
    }

    // --- no header steers a producer -------------------------------------------------------

    @Test
    void kafkaOverrideTopicInAnHttpHeaderOrAMessageHeaderChangesNoTopic() throws Exception {
        String topic = unique("target");
        String victim = unique("victim");
        var published =
                send(
                        "POST",
                        "/api/v1/queues/"
                                + topic
                                + "/messages?topic="
                                + victim
                                + "&kafka.OVERRIDE_TOPIC="
                                + victim,
                        Map.of("body", Map.of("n", 1)),
                        Map.of(
                                "Authorization",
                                "Bearer " + adminToken(),
                                "kafka.OVERRIDE_TOPIC",
                                victim,
                                "topic",
                                victim));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        assertThat(body(published).get("topic").asText()).isEqualTo(topic);
        assertError(
                publish(
                        topic,
                        Map.of(
                                "headers",
                                Map.of("kafka.OVERRIDE_TOPIC", victim),
                                "body",
                                Map.of())),
                400,
                "HEADER_NOT_ALLOWED");

        // a record that reached Kafka by another way, carrying the header in any spelling, is
        // dead-lettered and replayed to its own topic only
        try (var producer =
                new KafkaProducer<>(
                        Map.<String, Object>of("bootstrap.servers", kafkaServers()),
                        new StringSerializer(),
                        new StringSerializer())) {
            var record = new ProducerRecord<String, String>(topic, "k", "{\"n\":2}");
            record.headers().add("kafka.OVERRIDE_TOPIC", victim.getBytes());
            record.headers().add("Kafka.Override_Topic", victim.getBytes());
            record.headers().add("CamelHttpUri", "http://169.254.169.254/".getBytes());
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
        List<QueueMessage> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean fail = new AtomicBoolean(true);
        try (Subscription subscription =
                queue.subscribe(
                        topic,
                        message -> {
                            seen.add(message);
                            if (fail.get()) {
                                throw new IllegalStateException("refused on purpose");
                            }
                        })) {
            await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(topic).size() == 2);
            fail.set(false);
            var replayed =
                    asOperator(
                            "POST", "/api/v1/queues/" + topic + "/dead-letters/replay", Map.of());
            assertThat(body(replayed).get("messages"))
                    .allSatisfy(m -> assertThat(m.get("topic").asText()).isEqualTo(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 2 * 3 + 2);
        }
        assertThat(seen).allSatisfy(m -> assertThat(m.headers()).isEmpty());
        assertThat(endOffsets(victim)).as("nothing ever reached " + victim).isZero();
        assertThat(topicNames()).doesNotContain(victim);
    }

    // --- helpers ----------------------------------------------------------------------------

    /** Nodes one after the other, the first a trigger. */
    @SafeVarargs
    private static Map<String, Object> chain(Map<String, Object>... nodes) {
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int i = 1; i < nodes.length; i++) {
            edges.add(
                    edge(
                            "e" + i,
                            (String) nodes[i - 1].get("id"),
                            (String) nodes[i].get("id"),
                            null));
        }
        return workflow(List.of(nodes), edges);
    }

    private HttpResponse<String> publish(String topic, Object message) {
        return asOperator("POST", "/api/v1/queues/" + topic + "/messages", message);
    }

    private String operatorToken;
    private String developerToken;

    private HttpResponse<String> asOperator(String method, String path, Object body) {
        if (operatorToken == null) {
            operatorToken = tokenOfNewUser("OPERATOR");
        }
        return send(method, path, body, Map.of("Authorization", "Bearer " + operatorToken));
    }

    private HttpResponse<String> asDeveloper(String method, String path, Object body) {
        if (developerToken == null) {
            developerToken = tokenOfNewUser("DEVELOPER");
        }
        return send(method, path, body, Map.of("Authorization", "Bearer " + developerToken));
    }

    private List<JsonNode> completedExecutions(String workflowId) {
        var response =
                asAdmin(
                        "GET",
                        "/api/v1/executions?workflow_id=" + workflowId + "&status=completed",
                        null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(body(response).spliterator(), false).toList();
    }

    private List<JsonNode> deadLetters(String topic) {
        var response = asAdmin("GET", "/api/v1/queues/" + topic + "/dead-letters", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(body(response).spliterator(), false).toList();
    }

    private JsonNode topic(String topic) {
        var response = asAdmin("GET", "/api/v1/queues", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(body(response).spliterator(), false)
                .filter(t -> t.get("topic").asText().equals(topic))
                .findFirst()
                .orElse(null);
    }

    private static long lag(JsonNode topic, String group) {
        if (topic == null) {
            return -1;
        }
        return StreamSupport.stream(topic.get("consumer_groups").spliterator(), false)
                .filter(g -> g.get("group").asText().equals(group))
                .mapToLong(g -> g.get("lag").asLong())
                .findFirst()
                .orElse(-1);
    }

    private String subscribed(HttpResponse<String> subscription) {
        return body(subscription).get("group").asText();
    }

    private Set<String> topicNames() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafkaServers()))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private long endOffsets(String topic) throws Exception {
        if (!topicNames().contains(topic)) {
            return 0;
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafkaServers()))) {
            Collection<Long> offsets =
                    admin
                            .listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest()))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .values()
                            .stream()
                            .map(i -> i.offset())
                            .toList();
            return offsets.stream().mapToLong(Long::longValue).sum();
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unused")
    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }
}
