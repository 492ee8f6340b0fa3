package com.auterity.hub.messaging.internal;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;

/**
 * The last step of every consumer route: commits the message's offset, once it was processed (or
 * written to the dead-letter topic).
 */
@Component(ConsumerRoutes.COMMIT)
class Commit implements Processor {

    @Override
    public void process(Exchange exchange) {
        KafkaManualCommit commit =
                exchange.getMessage()
                        .getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }
}
