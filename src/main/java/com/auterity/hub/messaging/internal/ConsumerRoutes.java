package com.auterity.hub.messaging.internal;

import com.auterity.hub.messaging.MessagingProperties;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualAsyncCommitFactory;
import org.apache.camel.model.errorhandler.DeadLetterChannelDefinition;
import org.springframework.stereotype.Component;

/**
 * What every consumer route of the message queue shares: the route configuration {@value #ERRORS}
 * (the retry policy, then the dead-letter route) and that dead-letter route, which writes the
 * message to {@code <topic>.dlq} and commits its offset. Consumer routes commit by hand, after the
 * message was processed or dead-lettered; a failure that cannot be dead-lettered (the broker is
 * away, the workflow queue stays full) is not committed, and the consumer reads the message again
 * ({@code breakOnFirstError}).
 */
@Component
class ConsumerRoutes extends RouteBuilder {

    /** The route configuration of every consumer route. */
    static final String ERRORS = "queue-consumer-errors";

    static final String DEAD_LETTER = "direct:queue-dead-letter";

    /** The processor beans a consumer route is made of. */
    static final String RECEIVED = "hubQueueReceived";

    static final String DEAD_LETTERED = "hubQueueDeadLettered";
    static final String COMMIT = "hubQueueCommit";

    /**
     * The {@code kafka:} consumer URI of a route: the topic and group were validated by {@link
     * Names}; offsets are committed by the route, one message at a time.
     */
    static String uri(String topic, String group) {
        return "kafka:" + topic + "?" + options(group);
    }

    static String options(String group) {
        return "groupId="
                + group
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true"
                + "&breakOnFirstError=true&maxPollRecords=100&pollTimeoutMs=1000"
                // committed by the consumer thread at its next poll, not waited for message by
                // message: a commit lost in a crash means a redelivery, which consumers dedupe
                + "&kafkaManualCommitFactory=#class:"
                + DefaultKafkaManualAsyncCommitFactory.class.getName()
                + "&headerFilterStrategy=#"
                + KafkaSetup.HEADER_FILTER;
    }

    /** The retry policy, then the dead-letter route, of every consumer route. */
    @Component
    static class Errors extends RouteConfigurationBuilder {

        private final MessagingProperties.Retry retry;

        Errors(MessagingProperties properties) {
            this.retry = properties.retry();
        }

        @Override
        public void configuration() {
            DeadLetterChannelDefinition errors = deadLetterChannel(DEAD_LETTER);
            // the dead letter could not be written: fail, so that the message is not committed
            // and is read again
            errors.setDeadLetterHandleNewException("false");
            errors.maximumRedeliveries(retry.maxAttempts() - 1)
                    .redeliveryDelay(retry.delay().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                    .logExhausted(true)
                    .logExhaustedMessageBody(false)
                    .logStackTrace(false);
            routeConfiguration(ERRORS).errorHandler(errors);
        }
    }

    @Override
    public void configure() {
        from(DEAD_LETTER)
                .routeId("queue-dead-letter")
                .routeDescription(
                        "Writes a message whose processing failed for good to <topic>.dlq, then commits it")
                .process(DEAD_LETTERED)
                .process(COMMIT);
    }
}
