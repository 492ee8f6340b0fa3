package com.auterity.hub.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the queues API asks of the message queue, beyond {@link MessageQueue}. Methods throw {@code
 * ServiceError} for a client's mistake ({@code INVALID_TOPIC}, {@code HEADER_NOT_ALLOWED}, {@code
 * NOT_FOUND}, {@code OUTBOUND_REFUSED}).
 */
public interface QueueManagement {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TopicView(
            String topic,
            int partitions,
            Map<Integer, Long> endOffsets,
            long messages,
            List<GroupLag> consumerGroups) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record GroupLag(String group, Map<Integer, Long> committedOffsets, long lag) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record DeadLetter(
            int partition,
            long offset,
            String key,
            String error,
            int attempts,
            String consumer,
            QueueMessage.Origin original,
            Instant failedAt,
            Map<String, String> headers,
            JsonNode body,
            Instant replayedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Replayed(String topic, int replayed, List<MessageQueue.Published> messages) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SubscriptionView(
            String id,
            String topic,
            String callbackUrl,
            int ratePerSecond,
            String group,
            String createdBy,
            Instant createdAt) {}

    /** Every topic but Kafka's internal ones, with its end offsets and each group's lag. */
    List<TopicView> topics();

    /** The dead letters of {@code topic}, oldest first, at most {@code limit}. */
    List<DeadLetter> deadLetters(String topic, int limit);

    /**
     * Sends dead letters of {@code topic} back to it: those at {@code offsets} of {@code partition}
     * of {@code <topic>.dlq}, or when {@code offsets} is null every one not replayed yet.
     */
    Replayed replay(String topic, int partition, List<Long> offsets, String caller);

    /** Delivers the topic's messages to {@code callbackUrl} by HTTP POST. */
    SubscriptionView subscribe(
            String topic, String callbackUrl, Integer ratePerSecond, String caller);

    List<SubscriptionView> subscriptions(String topic);

    void unsubscribe(String topic, String id);
}
