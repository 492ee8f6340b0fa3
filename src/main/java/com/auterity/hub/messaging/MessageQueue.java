package com.auterity.hub.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The message queue as other modules of the hub use it (the seed's {@code queue.publish} and {@code
 * queue.subscribe}). Topic names are 1-200 letters, digits, '.', '_' or '-', starting with a letter
 * or digit, and never end in {@code .dlq}; an invalid one is refused with a {@code ServiceError}
 * (400 {@code INVALID_TOPIC}).
 */
public interface MessageQueue {

    /** Where the broker stored a published message. */
    record Published(String topic, int partition, long offset) {}

    /**
     * Publishes a message and returns once the broker has acknowledged it (all in-sync replicas,
     * idempotent producer). Headers must be in {@code hub.messaging.allowed-headers}. Throws {@code
     * ServiceError} 503 {@code QUEUE_FULL} (with a retry-after) when {@code MESSAGE_QUEUE_SIZE}
     * messages already wait for their acknowledgement, 503 {@code PUBLISH_FAILED} when the broker
     * does not acknowledge in time.
     */
    Published publish(String topic, String key, Map<String, String> headers, JsonNode body);

    /**
     * Subscribes {@code handler} to {@code topic} in the consumer group {@code hub-<topic>}: the
     * handlers subscribed this way to one topic share its messages. It starts from the oldest
     * message the group has not processed.
     */
    default Subscription subscribe(String topic, MessageHandler handler) {
        return subscribe(topic, "hub-" + topic, handler);
    }

    /**
     * Subscribes {@code handler} to {@code topic} in a consumer group of the caller's choice (same
     * rules as a topic name): a group of its own receives every message.
     */
    Subscription subscribe(String topic, String group, MessageHandler handler);
}
