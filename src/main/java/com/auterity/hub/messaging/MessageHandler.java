package com.auterity.hub.messaging;

/**
 * Processes one message of a subscription. It runs in a database transaction together with the
 * record that the message was processed: a JDBC write to the hub's database made by the handler is
 * done exactly once, even when Kafka delivers the message again. A handler that throws is retried
 * ({@code hub.messaging.retry}); after the last try the message goes to {@code <topic>.dlq}.
 */
@FunctionalInterface
public interface MessageHandler {

    void handle(QueueMessage message) throws Exception;
}
