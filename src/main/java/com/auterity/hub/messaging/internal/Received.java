package com.auterity.hub.messaging.internal;

import com.auterity.hub.messaging.QueueMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * The first step of every consumer route: reads the consumed record into a {@link QueueMessage}
 * (exchange property {@value Headers#MESSAGE}). The topic is the route's own (property {@value
 * Headers#TOPIC}), never a header.
 */
@Component(ConsumerRoutes.RECEIVED)
class Received implements Processor {

    private final Names names;
    private final ObjectMapper json;

    Received(Names names, ObjectMapper json) {
        this.names = names;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String topic = exchange.getProperty(Headers.TOPIC, String.class);
        int partition = message.getHeader(KafkaConstants.PARTITION, Integer.class);
        long offset = message.getHeader(KafkaConstants.OFFSET, Long.class);
        Map<String, String> headers = new TreeMap<>();
        Map<String, String> hub = new TreeMap<>();
        message.getHeaders()
                .forEach(
                        (name, value) -> {
                            String lower = name.toLowerCase(Locale.ROOT);
                            if (names.allowed(lower)) {
                                headers.put(lower, text(value));
                            } else if (lower.startsWith(Headers.PREFIX)) {
                                hub.put(lower, text(value));
                            }
                        });
        QueueMessage.Origin origin = origin(hub, new QueueMessage.Origin(topic, partition, offset));
        exchange.setProperty(
                Headers.MESSAGE,
                new QueueMessage(
                        topic,
                        partition,
                        offset,
                        message.getHeader(KafkaConstants.KEY, String.class),
                        headers,
                        body(message.getBody(String.class)),
                        origin));
    }

    /** A replayed dead letter stands for the message that failed; any other for itself. */
    private static QueueMessage.Origin origin(Map<String, String> hub, QueueMessage.Origin self) {
        String topic = hub.get(Headers.ORIGIN_TOPIC);
        String partition = hub.get(Headers.ORIGIN_PARTITION);
        String offset = hub.get(Headers.ORIGIN_OFFSET);
        if (topic == null || partition == null || offset == null) {
            return self;
        }
        try {
            return new QueueMessage.Origin(
                    topic, Integer.parseInt(partition), Long.parseLong(offset));
        } catch (NumberFormatException e) {
            return self;
        }
    }

    private JsonNode body(String text) {
        if (text == null) {
            return json.nullNode();
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException notJson) {
            return json.getNodeFactory().textNode(text);
        }
    }

    static String text(Object value) {
        return value instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.UTF_8)
                : String.valueOf(value);
    }
}
