package com.auterity.hub.workflow.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON Schemas of data-validation nodes: compiled once, then served from the cache. */
class JsonSchemasTest {

    private final ObjectMapper json = new ObjectMapper();
    private final JsonSchemas schemas = new JsonSchemas(json);

    @Test
    void aSchemaAcceptedAtCreationIsCompiledOnceAndReused() {
        Map<String, Object> schema = Map.of("type", "object", "required", List.of("id"));
        String text = Jq.literal(schema);

        assertThat(schemas.problems("schema", schema)).isEmpty();

        var compiled = schemas.compiled(text);
        assertThat(schemas.compiled(text)).isSameAs(compiled);
        assertThat(compiled.validate(json.createObjectNode())).hasSize(1);
        assertThat(compiled.validate(json.createObjectNode().put("id", 1))).isEmpty();
    }

    @Test
    void theSameSchemaInAnotherNodeSharesTheCompiledOne() {
        Map<String, Object> schema = Map.of("type", "string");

        var first = schemas.compiled(Jq.literal(schema));

        assertThat(schemas.compiled(Jq.literal(Map.of("type", "string")))).isSameAs(first);
        assertThat(schemas.compiled(Jq.literal(Map.of("type", "number")))).isNotSameAs(first);
    }
}
