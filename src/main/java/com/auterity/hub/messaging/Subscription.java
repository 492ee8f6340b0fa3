package com.auterity.hub.messaging;

/** A running subscription; {@link #close} stops its consumer (its committed offsets remain). */
public interface Subscription extends AutoCloseable {

    String topic();

    /** The Kafka consumer group: subscriptions with the same group share the messages. */
    String group();

    @Override
    void close();
}
