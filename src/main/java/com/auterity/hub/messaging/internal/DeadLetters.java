package com.auterity.hub.messaging.internal;

import com.auterity.hub.messaging.MessageQueue.Published;
import com.auterity.hub.messaging.QueueManagement.DeadLetter;
import com.auterity.hub.messaging.QueueManagement.Replayed;
import com.auterity.hub.messaging.QueueMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads and replays the dead letters of a topic ({@code <topic>.dlq}). Reading is an inspection,
 * like the admin metadata of {@code GET /queues}: an unnamed Kafka consumer is assigned the
 * partitions and reads them from the start to their end offsets, without a group and without
 * committing. A replay sends the selected dead letters back to the topic through {@link Publisher},
 * with their origin, so a consumer that processed the original message before skips it; each replay
 * is recorded, and a replay of "all" sends only those not replayed yet.
 */
@Component
class DeadLetters {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaBootstrap kafka;
    private final Publisher publisher;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Names names;

    DeadLetters(
            KafkaBootstrap kafka,
            Publisher publisher,
            JdbcClient jdbc,
            ObjectMapper json,
            Names names) {
        this.kafka = kafka;
        this.publisher = publisher;
        this.jdbc = jdbc;
        this.json = json;
        this.names = names;
    }

    List<DeadLetter> list(String topic, int limit) {
        Map<String, Instant> replays = replays(topic);
        return read(topic, Integer.MAX_VALUE).stream()
                .limit(limit)
                .map(r -> deadLetter(r, replays.get(r.partition() + "/" + r.offset())))
                .toList();
    }

    Replayed replay(String topic, int partition, List<Long> offsets, String caller) {
        Map<String, Instant> replayedBefore = replays(topic);
        Set<Long> wanted = offsets == null ? null : Set.copyOf(offsets);
        List<Published> sent = new ArrayList<>();
        for (ConsumerRecord<String, String> record : read(topic, Integer.MAX_VALUE)) {
            boolean selected =
                    wanted == null
                            ? !replayedBefore.containsKey(
                                    record.partition() + "/" + record.offset())
                            : record.partition() == partition && wanted.contains(record.offset());
            if (!selected || !claim(topic, record, caller)) {
                continue;
            }
            try {
                sent.add(
                        publisher.sendInternal(
                                topic, record.key(), replayHeaders(record), record.value()));
            } catch (RuntimeException e) {
                unclaim(topic, record);
                throw e;
            }
        }
        return new Replayed(topic, sent.size(), sent);
    }

    /** The record's allow-listed headers and its origin: the failure's own headers stay behind. */
    private Map<String, String> replayHeaders(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            String name = header.key().toLowerCase(Locale.ROOT);
            if (names.allowed(name)
                    || name.equals(Headers.ORIGIN_TOPIC)
                    || name.equals(Headers.ORIGIN_PARTITION)
                    || name.equals(Headers.ORIGIN_OFFSET)) {
                headers.put(name, Received.text(header.value()));
            }
        }
        return headers;
    }

    private List<ConsumerRecord<String, String>> read(String topic, int limit) {
        String dlq = topic + Names.DLQ;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.servers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(dlq, READ_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                return records;
            }
            List<TopicPartition> assigned =
                    partitions.stream().map(p -> new TopicPartition(dlq, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (records.size() < limit
                    && System.nanoTime() < deadline
                    && end.entrySet().stream()
                            .anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(dlq, record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        records.sort(
                (a, b) ->
                        a.timestamp() != b.timestamp()
                                ? Long.compare(a.timestamp(), b.timestamp())
                                : a.partition() != b.partition()
                                        ? Integer.compare(a.partition(), b.partition())
                                        : Long.compare(a.offset(), b.offset()));
        return records;
    }

    private DeadLetter deadLetter(ConsumerRecord<String, String> record, Instant replayedAt) {
        Map<String, String> hub = new TreeMap<>();
        Map<String, String> headers = new TreeMap<>();
        for (Header header : record.headers()) {
            String name = header.key().toLowerCase(Locale.ROOT);
            String value = Received.text(header.value());
            if (name.startsWith(Headers.PREFIX)) {
                hub.put(name, value);
            } else if (names.allowed(name)) {
                headers.put(name, value);
            }
        }
        QueueMessage.Origin original = null;
        try {
            original =
                    new QueueMessage.Origin(
                            hub.get(Headers.ORIGIN_TOPIC),
                            Integer.parseInt(hub.get(Headers.ORIGIN_PARTITION)),
                            Long.parseLong(hub.get(Headers.ORIGIN_OFFSET)));
        } catch (RuntimeException missing) {
            // not written by the hub: shown without its origin
        }
        return new DeadLetter(
                record.partition(),
                record.offset(),
                record.key(),
                hub.get(Headers.DLQ_ERROR),
                number(hub.get(Headers.DLQ_ATTEMPTS)),
                hub.get(Headers.DLQ_CONSUMER),
                original,
                instant(hub.get(Headers.DLQ_FAILED_AT)),
                headers,
                body(record.value()),
                replayedAt);
    }

    private boolean claim(String topic, ConsumerRecord<String, String> record, String caller) {
        try {
            jdbc.sql(
                            "INSERT INTO messaging_replays"
                                    + " (topic, partition_no, offset_no, replayed_by, replayed_at)"
                                    + " VALUES (?, ?, ?, ?, ?)")
                    .params(
                            topic,
                            record.partition(),
                            record.offset(),
                            caller.length() > 100 ? caller.substring(0, 100) : caller,
                            OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
                    .update();
            return true;
        } catch (DuplicateKeyException replayedBefore) {
            // replayed again on purpose (by offset): the new time is what counts
            jdbc.sql(
                            "UPDATE messaging_replays SET replayed_by = ?, replayed_at = ?"
                                    + " WHERE topic = ? AND partition_no = ? AND offset_no = ?")
                    .params(
                            caller.length() > 100 ? caller.substring(0, 100) : caller,
                            OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC),
                            topic,
                            record.partition(),
                            record.offset())
                    .update();
            return true;
        }
    }

    private void unclaim(String topic, ConsumerRecord<String, String> record) {
        jdbc.sql(
                        "DELETE FROM messaging_replays"
                                + " WHERE topic = ? AND partition_no = ? AND offset_no = ?")
                .params(topic, record.partition(), record.offset())
                .update();
    }

    private Map<String, Instant> replays(String topic) {
        return jdbc
                .sql(
                        "SELECT partition_no, offset_no, replayed_at FROM messaging_replays WHERE topic = ?")
                .param(topic)
                .query(
                        (rs, n) ->
                                Map.entry(
                                        rs.getInt(1) + "/" + rs.getLong(2),
                                        rs.getObject(3, OffsetDateTime.class).toInstant()))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private JsonNode body(String text) {
        if (text == null) {
            return json.nullNode();
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException notJson) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private static int number(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
