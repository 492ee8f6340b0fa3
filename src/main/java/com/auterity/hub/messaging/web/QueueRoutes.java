package com.auterity.hub.messaging.web;

import static com.auterity.hub.gateway.ApiRoutes.reply;
import static com.auterity.hub.gateway.ApiRoutes.secured;

import com.auterity.hub.gateway.ApiRoutes;
import com.auterity.hub.gateway.Query;
import com.auterity.hub.messaging.MessageQueue;
import com.auterity.hub.messaging.QueueManagement;
import com.auterity.hub.security.CurrentUser;
import com.auterity.hub.shared.ServiceError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code /api/v1/queues}: publish, list topics with their lag, dead letters and replay, HTTP
 * subscriptions. The topic is the path's, never a header's.
 */
@Component
class QueueRoutes extends RouteBuilder {

    /** The body of a publish. */
    record PublishRequest(String key, Map<String, String> headers, JsonNode body) {}

    /** The body of a replay: offsets of one partition of the dead-letter topic, or none for all. */
    record ReplayRequest(Integer partition, List<Long> offsets) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SubscribeRequest(String callbackUrl, Integer ratePerSecond) {}

    private final MessageQueue queue;
    private final QueueManagement queues;

    QueueRoutes(MessageQueue queue, QueueManagement queues) {
        this.queue = queue;
        this.queues = queues;
    }

    @Override
    public void configure() {
        secured(rest("/queues"))
                .description("The message queue: Kafka topics, dead letters, subscriptions")
                .get()
                .id("rest-queue-list")
                .description("Topics with partitions, end offsets and each consumer group's lag")
                .outType(QueueManagement.TopicView[].class)
                .to("direct:queue-list")
                .post("/{topic}/messages")
                .id("rest-queue-publish")
                .description(
                        "Publish {key, headers, body}; 201 {topic, partition, offset} once the broker acknowledged")
                .type(PublishRequest.class)
                .outType(MessageQueue.Published.class)
                .to("direct:queue-publish")
                .get("/{topic}/dead-letters")
                .id("rest-queue-dead-letters")
                .description("The topic's dead letters, oldest first; query: limit")
                .outType(QueueManagement.DeadLetter[].class)
                .to("direct:queue-dead-letters")
                .post("/{topic}/dead-letters/replay")
                .id("rest-queue-replay")
                .description(
                        "Send dead letters back to the topic: {partition, offsets}, or every one not replayed yet")
                .type(ReplayRequest.class)
                .outType(QueueManagement.Replayed.class)
                .to("direct:queue-replay")
                .post("/{topic}/subscriptions")
                .id("rest-queue-subscribe")
                .description("Deliver the topic's messages by HTTP POST to {callback_url}")
                .type(SubscribeRequest.class)
                .outType(QueueManagement.SubscriptionView.class)
                .to("direct:queue-subscribe")
                .get("/{topic}/subscriptions")
                .id("rest-queue-subscriptions")
                .description("The topic's HTTP subscriptions")
                .outType(QueueManagement.SubscriptionView[].class)
                .to("direct:queue-subscriptions")
                .delete("/{topic}/subscriptions/{id}")
                .id("rest-queue-unsubscribe")
                .description("End an HTTP subscription")
                .to("direct:queue-unsubscribe");

        api("queue-list", "Lists topics with their lag", e -> reply(e, 200, queues.topics()));
        api(
                "queue-publish",
                "Publishes a message",
                e -> {
                    PublishRequest request = body(e, PublishRequest.class);
                    reply(
                            e,
                            201,
                            queue.publish(
                                    topic(e), request.key(), request.headers(), request.body()));
                });
        api(
                "queue-dead-letters",
                "Lists a topic's dead letters",
                e -> reply(e, 200, queues.deadLetters(topic(e), limit(e))));
        api(
                "queue-replay",
                "Replays dead letters",
                e -> {
                    ReplayRequest request = e.getMessage().getBody(ReplayRequest.class);
                    int partition =
                            request == null || request.partition() == null
                                    ? 0
                                    : request.partition();
                    List<Long> offsets = request == null ? null : request.offsets();
                    reply(e, 200, queues.replay(topic(e), partition, offsets, caller(e)));
                });
        api(
                "queue-subscribe",
                "Creates an HTTP subscription",
                e -> {
                    SubscribeRequest request = body(e, SubscribeRequest.class);
                    reply(
                            e,
                            201,
                            queues.subscribe(
                                    topic(e),
                                    request.callbackUrl(),
                                    request.ratePerSecond(),
                                    caller(e)));
                });
        api(
                "queue-subscriptions",
                "Lists a topic's HTTP subscriptions",
                e -> reply(e, 200, queues.subscriptions(topic(e))));
        api(
                "queue-unsubscribe",
                "Ends an HTTP subscription",
                e -> {
                    queues.unsubscribe(topic(e), e.getMessage().getHeader("id", String.class));
                    reply(e, 204, null);
                });
    }

    private void api(String id, String description, Processor processor) {
        from("direct:" + id)
                .routeId(id)
                .routeDescription(description)
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(processor);
    }

    /** The path's topic: REST DSL path parameters are the only headers the route reads. */
    private static String topic(Exchange e) {
        return e.getMessage().getHeader("topic", String.class);
    }

    private static String caller(Exchange e) {
        return CurrentUser.nameOf(e);
    }

    private static int limit(Exchange e) {
        String value = Query.of(e).get("limit");
        try {
            return value == null ? 100 : Integer.parseInt(value);
        } catch (NumberFormatException bad) {
            throw ServiceError.badRequest(
                    "VALIDATION_FAILED",
                    "'limit' must be a whole number",
                    Map.of("field", "limit"));
        }
    }

    private static <T> T body(Exchange e, Class<T> type) {
        T body = e.getMessage().getBody(type);
        if (body == null) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "A JSON body is required", null);
        }
        return body;
    }
}
