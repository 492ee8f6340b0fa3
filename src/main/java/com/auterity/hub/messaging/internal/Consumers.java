package com.auterity.hub.messaging.internal;

import com.auterity.hub.messaging.QueueMessage;
import com.auterity.hub.messaging.Subscription;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;

/**
 * Adds and removes the consumer routes of Java handlers and HTTP subscriptions at run time. Each is
 * {@code kafka:<topic>} in its group, then the received message, an optional throttle, the
 * processing step and the commit, under the shared retry and dead-letter configuration.
 */
@Component
class Consumers {

    private final CamelContext camel;

    Consumers(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * Starts a consumer route; {@code ratePerSecond} > 0 throttles it to that many messages a
     * second (the Camel throttle EIP in the route).
     */
    Subscription start(
            String routeId,
            String description,
            String topic,
            String group,
            int ratePerSecond,
            Processor process) {
        try {
            camel.addRoutes(
                    new RouteBuilder() {
                        @Override
                        public void configure() {
                            RouteDefinition route =
                                    from(ConsumerRoutes.uri(topic, group))
                                            .routeId(routeId)
                                            .routeDescription(description)
                                            .routeConfigurationId(ConsumerRoutes.ERRORS)
                                            .setProperty(Headers.TOPIC, constant(topic))
                                            .setProperty(Headers.CONSUMER, constant(group));
                            route.process(ConsumerRoutes.RECEIVED);
                            if (ratePerSecond > 0) {
                                route.throttle(ratePerSecond)
                                        .totalRequestsMode()
                                        .timePeriodMillis(1000);
                            }
                            route.process(
                                            exchange -> {
                                                Headers.attempt(exchange);
                                                process.process(exchange);
                                            })
                                    .process(ConsumerRoutes.COMMIT);
                        }
                    });
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the consumer route " + routeId, e);
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return new Subscription() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public String group() {
                return group;
            }

            @Override
            public void close() {
                if (open.compareAndSet(true, false)) {
                    stop(routeId);
                }
            }
        };
    }

    void stop(String routeId) {
        try {
            if (camel.getRoute(routeId) != null) {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the consumer route " + routeId, e);
        }
    }

    static QueueMessage message(org.apache.camel.Exchange exchange) {
        return exchange.getProperty(Headers.MESSAGE, QueueMessage.class);
    }
}
