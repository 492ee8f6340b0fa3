package com.auterity.hub.messaging.internal;

import com.auterity.hub.messaging.MessageHandler;
import com.auterity.hub.messaging.MessageQueue;
import com.auterity.hub.messaging.QueueManagement;
import com.auterity.hub.messaging.QueueMessage;
import com.auterity.hub.messaging.Subscription;
import com.auterity.hub.shared.ServiceError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The message queue: publishing, subscriptions, topics with their lag, dead letters. */
@Service
class QueueService implements MessageQueue, QueueManagement {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);

    private final Names names;
    private final Publisher publisher;
    private final Consumers consumers;
    private final ProcessedMessages processed;
    private final TransactionTemplate transaction;
    private final KafkaBootstrap kafka;
    private final DeadLetters deadLetters;
    private final HttpSubscriptions subscriptions;
    private final ObjectMapper json;
    private final AtomicInteger handlers = new AtomicInteger();

    QueueService(
            Names names,
            Publisher publisher,
            Consumers consumers,
            ProcessedMessages processed,
            PlatformTransactionManager transactions,
            KafkaBootstrap kafka,
            DeadLetters deadLetters,
            HttpSubscriptions subscriptions,
            ObjectMapper json) {
        this.names = names;
        this.publisher = publisher;
        this.consumers = consumers;
        this.processed = processed;
        this.transaction = new TransactionTemplate(transactions);
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.subscriptions = subscriptions;
        this.json = json;
    }

    @Override
    public Published publish(String topic, String key, Map<String, String> headers, JsonNode body) {
        names.topic(topic);
        names.key(key);
        Map<String, String> accepted = names.headers(headers);
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ServiceError.badRequest(
                    "VALIDATION_FAILED", "A message has a JSON body", Map.of("field", "body"));
        }
        try {
            return publisher.send(topic, key, accepted, json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the handler and records the message as processed in one transaction; a message that the
     * group processed before (by its origin) is skipped.
     */
    @Override
    public Subscription subscribe(String topic, String group, MessageHandler handler) {
        names.topic(topic);
        names.group(group);
        String routeId = "queue-handler-" + group + "-" + handlers.incrementAndGet();
        return consumers.start(
                routeId,
                "Java handler " + handler.getClass().getSimpleName() + " of " + topic,
                topic,
                group,
                0,
                exchange -> {
                    QueueMessage message = Consumers.message(exchange);
                    transaction.executeWithoutResult(
                            tx -> {
                                if (processed.processed(group, message.origin())) {
                                    return;
                                }
                                processed.record(group, message.origin());
                                try {
                                    handler.handle(message);
                                } catch (RuntimeException e) {
                                    throw e;
                                } catch (Exception e) {
                                    throw new HandlerFailed(e);
                                }
                            });
                });
    }

    @Override
    public List<TopicView> topics() {
        try (Admin admin = kafka.admin()) {
            List<String> topics =
                    admin.listTopics().names().get(timeout(), TimeUnit.MILLISECONDS).stream()
                            .sorted()
                            .toList();
            if (topics.isEmpty()) {
                return List.of();
            }
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(topics)
                            .allTopicNames()
                            .get(timeout(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            descriptions
                    .values()
                    .forEach(
                            d ->
                                    d.partitions()
                                            .forEach(
                                                    p ->
                                                            latest.put(
                                                                    new TopicPartition(
                                                                            d.name(),
                                                                            p.partition()),
                                                                    OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(timeout(), TimeUnit.MILLISECONDS);
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new TreeMap<>();
            for (ConsumerGroupListing group :
                    admin.listConsumerGroups().all().get(timeout(), TimeUnit.MILLISECONDS)) {
                committed.put(
                        group.groupId(),
                        admin.listConsumerGroupOffsets(group.groupId())
                                .partitionsToOffsetAndMetadata()
                                .get(timeout(), TimeUnit.MILLISECONDS));
            }
            List<TopicView> views = new ArrayList<>();
            for (String topic : topics) {
                Map<Integer, Long> endOffsets = new TreeMap<>();
                ends.forEach(
                        (tp, info) -> {
                            if (tp.topic().equals(topic)) {
                                endOffsets.put(tp.partition(), info.offset());
                            }
                        });
                List<GroupLag> groups = new ArrayList<>();
                committed.forEach(
                        (group, offsets) -> {
                            Map<Integer, Long> mine = new TreeMap<>();
                            offsets.forEach(
                                    (tp, offset) -> {
                                        if (tp.topic().equals(topic) && offset != null) {
                                            mine.put(tp.partition(), offset.offset());
                                        }
                                    });
                            if (!mine.isEmpty()) {
                                long lag =
                                        endOffsets.entrySet().stream()
                                                .mapToLong(
                                                        e ->
                                                                Math.max(
                                                                        0,
                                                                        e.getValue()
                                                                                - mine.getOrDefault(
                                                                                        e.getKey(),
                                                                                        0L)))
                                                .sum();
                                groups.add(new GroupLag(group, mine, lag));
                            }
                        });
                views.add(
                        new TopicView(
                                topic,
                                endOffsets.size(),
                                endOffsets,
                                endOffsets.values().stream().mapToLong(Long::longValue).sum(),
                                groups));
            }
            return views;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<DeadLetter> deadLetters(String topic, int limit) {
        names.topic(topic);
        return deadLetters.list(topic, Math.max(1, Math.min(limit, 1000)));
    }

    @Override
    public Replayed replay(String topic, int partition, List<Long> offsets, String caller) {
        names.topic(topic);
        return deadLetters.replay(topic, partition, offsets, caller);
    }

    @Override
    public SubscriptionView subscribe(
            String topic, String callbackUrl, Integer ratePerSecond, String caller) {
        names.topic(topic);
        return subscriptions.create(topic, callbackUrl, ratePerSecond, caller);
    }

    @Override
    public List<SubscriptionView> subscriptions(String topic) {
        names.topic(topic);
        return subscriptions.list(topic);
    }

    @Override
    public void unsubscribe(String topic, String id) {
        names.topic(topic);
        subscriptions.delete(topic, id);
    }

    private static long timeout() {
        return ADMIN_TIMEOUT.toMillis();
    }

    private static ServiceError unavailable(Exception cause) {
        return ServiceError.serviceUnavailable(
                "KAFKA_UNAVAILABLE",
                "Kafka did not answer: " + cause.getMessage(),
                Duration.ofSeconds(5));
    }

    /** A handler's checked exception, carried out of the transaction. */
    static class HandlerFailed extends RuntimeException {
        HandlerFailed(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }
}
