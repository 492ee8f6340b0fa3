package com.auterity.hub.messaging.internal;

import com.auterity.hub.messaging.QueueMessage;
import com.auterity.hub.shared.ServiceError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes a message whose processing failed after its retries to {@code <topic>.dlq}: its key, body
 * and headers, plus the error, the number of attempts, the consumer and the coordinates of the
 * original message as {@code hub-*} headers. The dead-letter topic is named after the route's own
 * topic. A failure that a later try may overcome (the workflow queue is full) is not a dead letter:
 * it is thrown again, so the message is read again.
 */
@Component(ConsumerRoutes.DEAD_LETTERED)
class DeadLettered implements Processor {

    private static final Logger log = LoggerFactory.getLogger(DeadLettered.class);
    private static final int MAX_ERROR = 2000;

    private final Publisher publisher;
    private final ObjectMapper json;

    DeadLettered(Publisher publisher, ObjectMapper json) {
        this.publisher = publisher;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof Backpressure busy) {
            throw busy;
        }
        QueueMessage message = exchange.getProperty(Headers.MESSAGE, QueueMessage.class);
        if (message == null) {
            throw new IllegalStateException("A consumed record could not be read", failure);
        }
        int attempts = Math.max(1, exchange.getProperty(Headers.ATTEMPTS, 0, Integer.class));
        String consumer = exchange.getProperty(Headers.CONSUMER, String.class);
        Map<String, String> headers = new LinkedHashMap<>(message.headers());
        headers.put(Headers.ORIGIN_TOPIC, message.origin().topic());
        headers.put(Headers.ORIGIN_PARTITION, Integer.toString(message.origin().partition()));
        headers.put(Headers.ORIGIN_OFFSET, Long.toString(message.origin().offset()));
        headers.put(Headers.DLQ_ERROR, describe(failure));
        headers.put(Headers.DLQ_ATTEMPTS, Integer.toString(attempts));
        headers.put(Headers.DLQ_CONSUMER, String.valueOf(consumer));
        headers.put(Headers.DLQ_FAILED_AT, Instant.now().toString());
        var stored =
                publisher.sendInternal(
                        message.topic() + Names.DLQ, message.key(), headers, text(message));
        log.warn(
                "Message {} of {} failed for consumer {} after {} attempt(s), dead-lettered at {}/{}: {}",
                message.origin(),
                message.topic(),
                consumer,
                attempts,
                stored.partition(),
                stored.offset(),
                describe(failure));
    }

    private String text(QueueMessage message) throws JsonProcessingException {
        return message.body().isTextual()
                ? message.body().asText()
                : json.writeValueAsString(message.body());
    }

    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown error";
        }
        if (failure instanceof QueueService.HandlerFailed && failure.getCause() != null) {
            failure = failure.getCause();
        }
        String text =
                failure instanceof ServiceError service
                        ? service.code() + ": " + service.getMessage()
                        : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
    }
}
