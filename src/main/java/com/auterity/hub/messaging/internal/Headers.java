package com.auterity.hub.messaging.internal;

/** The hub's own Kafka record headers, and the exchange properties of a consumer route. */
final class Headers {

    private Headers() {}

    /** Prefix of every header the hub sets itself; a publisher may set none of them. */
    static final String PREFIX = "hub-";

    /** Coordinates of the message a dead letter or a replayed message stands for. */
    static final String ORIGIN_TOPIC = "hub-origin-topic";

    static final String ORIGIN_PARTITION = "hub-origin-partition";
    static final String ORIGIN_OFFSET = "hub-origin-offset";

    /** What went wrong with a dead letter, how many tries, which consumer, when. */
    static final String DLQ_ERROR = "hub-dlq-error";

    static final String DLQ_ATTEMPTS = "hub-dlq-attempts";
    static final String DLQ_CONSUMER = "hub-dlq-consumer";
    static final String DLQ_FAILED_AT = "hub-dlq-failed-at";

    /** Exchange property: the {@code QueueMessage} a consumer route is processing. */
    static final String MESSAGE = "hubQueueMessage";

    /** Exchange property: the topic of a consumer route, fixed by the route itself. */
    static final String TOPIC = "hubQueueTopic";

    /** Exchange property: the consumer (group) of a consumer route. */
    static final String CONSUMER = "hubQueueConsumer";

    /** Exchange property: how often the processing step of a consumer route has run. */
    static final String ATTEMPTS = "hubQueueAttempts";

    /** Counts one more attempt at processing the exchange's message. */
    static void attempt(org.apache.camel.Exchange exchange) {
        exchange.setProperty(ATTEMPTS, exchange.getProperty(ATTEMPTS, 0, Integer.class) + 1);
    }

    /** Exchange property: the workflow a kafka trigger starts, and its trigger node. */
    static final String WORKFLOW = "hubWorkflow";

    static final String START_NODE = "hubStartNode";
}
