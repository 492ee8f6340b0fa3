package com.auterity.hub.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Turns an action connector's answer into the workflow message: JSON when it parses, else text. */
@Component(ConnectorResult.NAME)
class ConnectorResult implements Processor {

    static final String NAME = "hubConnectorResult";

    private final ObjectMapper json;

    ConnectorResult(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        JsonNode body;
        try {
            body = text == null || text.isBlank() ? json.nullNode() : json.readTree(text);
        } catch (Exception notJson) {
            body = json.getNodeFactory().textNode(text);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(body);
    }
}
