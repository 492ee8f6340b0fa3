package com.auterity.hub.messaging.internal;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Points Camel's {@code kafka} component at the hub's Kafka (embedded or external), and declares
 * the header filter of the hub's own {@code kafka:} endpoints.
 */
@Configuration(proxyBeanMethods = false)
class KafkaSetup {

    /** Name of the header filter that the hub's {@code kafka:} endpoints reference. */
    static final String HEADER_FILTER = "hubKafkaHeaders";

    @Bean
    ComponentCustomizer hubKafkaBrokers(KafkaBootstrap kafka) {
        return ComponentCustomizer.builder(KafkaComponent.class)
                .build(component -> component.getConfiguration().setBrokers(kafka.servers()));
    }

    /**
     * Only allow-listed headers and the hub's own {@code hub-*} headers cross between a Camel
     * message and a Kafka record, either way: a record header such as {@code Kafka.OVERRIDE_TOPIC}
     * never becomes a Camel header that a later producer could act on.
     */
    @Bean(HEADER_FILTER)
    HeaderFilterStrategy hubKafkaHeaders(Names names) {
        return new HeaderFilterStrategy() {
            @Override
            public boolean applyFilterToCamelHeaders(String name, Object value, Exchange e) {
                return !names.passes(name);
            }

            @Override
            public boolean applyFilterToExternalHeaders(String name, Object value, Exchange e) {
                return !names.passes(name);
            }
        };
    }
}
