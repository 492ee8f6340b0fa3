package com.auterity.hub.messaging.internal;

import com.auterity.hub.messaging.QueueMessage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The messaging_processed_messages table: which consumer has processed which message. */
@Repository
class ProcessedMessages {

    private final JdbcClient jdbc;

    ProcessedMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that {@code consumer} processed the message first published at {@code origin}; false
     * when it was recorded before. Inside a transaction, the record stands or falls with what else
     * the transaction writes.
     */
    boolean record(String consumer, QueueMessage.Origin origin) {
        try {
            jdbc.sql(
                            "INSERT INTO messaging_processed_messages"
                                    + " (consumer, topic, partition_no, offset_no, processed_at)"
                                    + " VALUES (?, ?, ?, ?, ?)")
                    .params(
                            consumer,
                            origin.topic(),
                            origin.partition(),
                            origin.offset(),
                            OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
                    .update();
            return true;
        } catch (DuplicateKeyException processedBefore) {
            return false;
        }
    }

    boolean processed(String consumer, QueueMessage.Origin origin) {
        return jdbc.sql(
                                "SELECT COUNT(*) FROM messaging_processed_messages"
                                        + " WHERE consumer = ? AND topic = ? AND partition_no = ? AND offset_no = ?")
                        .params(consumer, origin.topic(), origin.partition(), origin.offset())
                        .query(Long.class)
                        .single()
                > 0;
    }
}
