package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Checks the message against a JSON Schema ({@code schema}: draft 2020-12 by default, or draft 7 by
 * its {@code $schema}). A valid message goes on unchanged; an invalid one fails the node with the
 * violations (JSON pointer and message, at most {@value JsonSchemas#MAX_VIOLATIONS}), so {@code
 * onError} decides what follows. The schema is checked when the workflow is created and compiled
 * once, not per message; it may not refer to anything outside itself (see {@link JsonSchemas}).
 */
@Component
class DataValidationNode implements NodeType {

    /** Exchange property holding the schema's JSON text for {@link Validator}. */
    static final String SCHEMA = "hubJsonSchema";

    private final JsonSchemas schemas;

    DataValidationNode(JsonSchemas schemas) {
        this.schemas = schemas;
    }

    @Override
    public List<String> types() {
        return List.of("data-validation", "validate", "json-schema");
    }

    @Override
    public Map<String, Object> schema() {
        return Steps.ordered(
                "type", "object",
                "required", List.of("schema"),
                "properties",
                        Map.of(
                                "schema",
                                Map.of(
                                        "type",
                                        "object",
                                        "description",
                                        "JSON Schema (draft 2020-12, or draft 7 by its $schema)"
                                                + " the message must match; $ref only to its own"
                                                + " parts ('#/...')")));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return schemas.problems("schema", node.settings().get("schema"));
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        return List.of(
                Map.of(
                        "setProperty",
                        Steps.ordered(
                                "name",
                                SCHEMA,
                                "constant",
                                Jq.literal(node.settings().get("schema")))),
                Map.of("process", Map.of("ref", Validator.NAME)),
                Map.of("removeProperty", Map.of("name", SCHEMA)));
    }

    /** Thrown when the message does not match the schema; its message lists the violations. */
    static final class PayloadInvalid extends RuntimeException {
        PayloadInvalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Validates the message against the schema the node route set; the message is unchanged. */
    @Component(Validator.NAME)
    static class Validator implements Processor {

        static final String NAME = "hubJsonSchemaValidation";

        private final JsonSchemas schemas;
        private final ObjectMapper json;

        Validator(JsonSchemas schemas, ObjectMapper json) {
            this.schemas = schemas;
            this.json = json;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            String schema = exchange.getProperty(SCHEMA, String.class);
            Set<ValidationMessage> violations =
                    schemas.compiled(schema).validate(payload(exchange.getMessage().getBody()));
            if (!violations.isEmpty()) {
                throw new PayloadInvalid(
                        "the message does not match the schema ("
                                + violations.size()
                                + " violation(s)): "
                                + JsonSchemas.describe(violations));
            }
        }

        private JsonNode payload(Object body) throws Exception {
            if (body instanceof JsonNode node) {
                return node;
            }
            if (body == null) {
                return json.nullNode();
            }
            if (body instanceof String text) {
                try {
                    return json.readTree(text);
                } catch (Exception notJson) {
                    return json.getNodeFactory().textNode(text);
                }
            }
            return json.valueToTree(body);
        }
    }
}
