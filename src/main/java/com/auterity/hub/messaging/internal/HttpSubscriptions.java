package com.auterity.hub.messaging.internal;

import com.auterity.hub.messaging.QueueManagement.SubscriptionView;
import com.auterity.hub.messaging.QueueMessage;
import com.auterity.hub.messaging.Subscription;
import com.auterity.hub.shared.OutboundPolicy;
import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.WorkflowProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * HTTP subscriptions: each POSTs the messages of its topic to its callback URL, from a consumer
 * route of its own (group {@code hub-subscription-<id>}), throttled to its rate. The callback's
 * host is checked like an http-request node's ({@code hub.workflow.outbound}) when the subscription
 * is made and before each delivery; redirects are not followed. A 2xx answer counts as delivered;
 * anything else is retried, then dead-lettered. A message already delivered to the subscription (by
 * its origin) is not delivered again; one delivered just before a crash may be delivered twice, so
 * each carries a {@code Hub-Message-Id} for the receiver to recognise it.
 */
@Component
class HttpSubscriptions implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HttpSubscriptions.class);
    private static final int DEFAULT_RATE = 100;
    private static final int MAX_RATE = 10_000;

    private final JdbcClient jdbc;
    private final Consumers consumers;
    private final ProcessedMessages processed;
    private final OutboundPolicy outbound;
    private final ObjectMapper json;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
    private final Map<String, Subscription> running = new ConcurrentHashMap<>();

    HttpSubscriptions(
            JdbcClient jdbc,
            Consumers consumers,
            ProcessedMessages processed,
            WorkflowProperties workflow,
            ObjectMapper json) {
        this.jdbc = jdbc;
        this.consumers = consumers;
        this.processed = processed;
        this.outbound = new OutboundPolicy(workflow.outbound().allow(), workflow.outbound().deny());
        this.json = json;
    }

    SubscriptionView create(String topic, String callbackUrl, Integer rate, String caller) {
        URI callback = callback(callbackUrl);
        try {
            outbound.check(callback.getHost());
        } catch (IOException unknown) {
            throw ServiceError.badRequest(
                    "INVALID_CALLBACK",
                    "The callback host does not resolve",
                    Map.of("callback_url", callbackUrl));
        }
        int perSecond = rate == null ? DEFAULT_RATE : rate;
        if (perSecond < 1 || perSecond > MAX_RATE) {
            throw ServiceError.badRequest(
                    "VALIDATION_FAILED",
                    "rate_per_second is 1-" + MAX_RATE,
                    Map.of("field", "rate_per_second"));
        }
        String id = UUID.randomUUID().toString();
        SubscriptionView view =
                new SubscriptionView(
                        id,
                        topic,
                        callback.toString(),
                        perSecond,
                        group(id),
                        caller,
                        Instant.now());
        jdbc.sql(
                        "INSERT INTO messaging_subscriptions"
                                + " (id, topic, callback_url, rate_per_second, created_by, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(
                        view.id(),
                        topic,
                        view.callbackUrl(),
                        perSecond,
                        caller,
                        OffsetDateTime.ofInstant(view.createdAt(), ZoneOffset.UTC))
                .update();
        start(view);
        return view;
    }

    List<SubscriptionView> list(String topic) {
        return jdbc.sql(
                        "SELECT id, topic, callback_url, rate_per_second, created_by, created_at"
                                + " FROM messaging_subscriptions WHERE topic = ? ORDER BY created_at")
                .param(topic)
                .query(
                        (rs, n) ->
                                withGroup(
                                        new SubscriptionView(
                                                rs.getString("id"),
                                                rs.getString("topic"),
                                                rs.getString("callback_url"),
                                                rs.getInt("rate_per_second"),
                                                null,
                                                rs.getString("created_by"),
                                                rs.getObject("created_at", OffsetDateTime.class)
                                                        .toInstant())))
                .list();
    }

    void delete(String topic, String id) {
        int deleted =
                jdbc.sql("DELETE FROM messaging_subscriptions WHERE id = ? AND topic = ?")
                        .params(id, topic)
                        .update();
        if (deleted == 0) {
            throw ServiceError.notFound("Subscription", id);
        }
        Subscription subscription = running.remove(id);
        if (subscription != null) {
            subscription.close();
        }
    }

    /** Every stored subscription starts delivering when the hub is up. */
    @EventListener(ApplicationReadyEvent.class)
    void startAll() {
        jdbc.sql("SELECT DISTINCT topic FROM messaging_subscriptions")
                .query(String.class)
                .list()
                .forEach(topic -> list(topic).forEach(this::start));
    }

    @Override
    public void destroy() {
        running.values().forEach(Subscription::close);
        running.clear();
    }

    private void start(SubscriptionView view) {
        running.computeIfAbsent(
                view.id(),
                id ->
                        consumers.start(
                                "queue-subscription-" + id,
                                "Delivers " + view.topic() + " to " + view.callbackUrl(),
                                view.topic(),
                                view.group(),
                                view.ratePerSecond(),
                                delivery(view)));
    }

    private Processor delivery(SubscriptionView view) {
        URI callback = URI.create(view.callbackUrl());
        return exchange -> deliver(exchange, view, callback);
    }

    private void deliver(Exchange exchange, SubscriptionView view, URI callback)
            throws IOException, InterruptedException {
        QueueMessage message = Consumers.message(exchange);
        if (processed.processed(view.group(), message.origin())) {
            return;
        }
        outbound.check(callback.getHost());
        HttpRequest.Builder request =
                HttpRequest.newBuilder(callback)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Hub-Message-Id", message.origin().toString())
                        .header("Hub-Topic", message.topic())
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        json.writeValueAsString(message.body())));
        if (message.key() != null) {
            request.header("Hub-Key", message.key());
        }
        message.headers()
                .forEach(
                        (name, value) -> {
                            if (!"content-type".equals(name)) {
                                request.header("Hub-Header-" + name, value);
                            }
                        });
        HttpResponse<Void> response =
                http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "The callback " + callback + " answered HTTP " + response.statusCode());
        }
        processed.record(view.group(), message.origin());
        log.debug("Delivered {} to {}", message.origin(), callback);
    }

    private static SubscriptionView withGroup(SubscriptionView view) {
        return new SubscriptionView(
                view.id(),
                view.topic(),
                view.callbackUrl(),
                view.ratePerSecond(),
                group(view.id()),
                view.createdBy(),
                view.createdAt());
    }

    private static String group(String id) {
        return "hub-subscription-" + id;
    }

    private static URI callback(String url) {
        if (url == null || url.length() > 2000) {
            throw invalidCallback(url, "an http or https URL of at most 2000 characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw invalidCallback(url, "an http or https URL");
            }
            if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw invalidCallback(url, "a URL with a host and no user info");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalidCallback(url, "a valid URL");
        }
    }

    private static ServiceError invalidCallback(String url, String what) {
        return ServiceError.badRequest(
                "INVALID_CALLBACK",
                "callback_url must be " + what,
                Map.of("callback_url", String.valueOf(url)));
    }
}
