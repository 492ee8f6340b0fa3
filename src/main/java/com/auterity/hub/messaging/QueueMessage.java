package com.auterity.hub.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A message as a subscriber receives it.
 *
 * @param topic the topic it was consumed from
 * @param partition its partition
 * @param offset its offset in the partition
 * @param key its key, or {@code null}
 * @param headers its allow-listed headers (names in lower case)
 * @param body its JSON body
 * @param origin where the message was first published: its own coordinates, or for a dead letter
 *     sent back by a replay, those of the message that failed. Consumers count a message as
 *     processed by its origin, so a replayed message that was processed before is not processed
 *     again.
 */
public record QueueMessage(
        String topic,
        int partition,
        long offset,
        String key,
        Map<String, String> headers,
        JsonNode body,
        Origin origin) {

    /** Coordinates of a message in Kafka. */
    public record Origin(String topic, int partition, long offset) {
        @Override
        public String toString() {
            return topic + "/" + partition + "/" + offset;
        }
    }
}
