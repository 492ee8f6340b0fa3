package com.auterity.hub.workflow;

import static com.auterity.hub.support.WorkflowFixtures.edge;
import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static com.auterity.hub.support.WorkflowFixtures.nodeRun;
import static com.auterity.hub.support.WorkflowFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.HubIntegrationTest;
import com.auterity.hub.support.RecordingHttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * data-validation nodes over real HTTP: a message that matches the JSON Schema goes on unchanged,
 * one that does not fails the node with its violations (so onError decides), an invalid schema is
 * refused naming the node, and a schema can never make the hub fetch anything.
 */
class DataValidationNodeIntegrationTest extends HubIntegrationTest {

    /** A customer: a name, an age of 0 or more, optional tags (strings). */
    private static final Map<String, Object> CUSTOMER =
            Map.of(
                    "type",
                    "object",
                    "required",
                    List.of("name"),
                    "properties",
                    Map.of(
                            "name",
                            Map.of("type", "string", "minLength", 1),
                            "age",
                            Map.of("type", "integer", "minimum", 0),
                            "tags",
                            Map.of("type", "array", "items", Map.of("type", "string"))));

    private static RecordingHttpServer schemaHost;

    @BeforeAll
    static void startSchemaHost() {
        schemaHost = RecordingHttpServer.start();
        schemaHost.answer("/schema.json", 200, "application/json", "{\"type\":\"string\"}");
    }

    @AfterAll
    static void stopSchemaHost() {
        schemaHost.close();
    }

    @Test
    void aValidMessagePassesUnchanged() throws Exception {
        String id = unique("valid-customer");
        createWorkflow(id, linear(node("check", "data-validation", Map.of("schema", CUSTOMER))));
        Map<String, Object> customer = Map.of("name", "Dana", "age", 41, "tags", List.of("vip"));

        JsonNode execution = executeWorkflow(id, customer);

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results")).isEqualTo(json.valueToTree(customer));
        JsonNode check = nodeRun(execution, "check");
        assertThat(check.get("status").asText()).isEqualTo("completed");
        assertThat(check.get("output")).isEqualTo(json.valueToTree(customer));
    }

    @Test
    void anInvalidMessageFailsTheExecutionListingEveryViolation() {
        String id = unique("invalid-customer");
        createWorkflow(
                id,
                linear(
                        node("check", "validate", Map.of("schema", CUSTOMER)),
                        node("after", "set", Map.of("values", Map.of("reached", true)))));

        JsonNode execution = executeWorkflow(id, Map.of("age", -1, "tags", List.of("ok", 7)));

        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
        String error = execution.get("error").asText();
        assertThat(error)
                .startsWith("node 'check': the message does not match the schema (3 violation(s))")
                .contains("/: required property 'name' not found")
                .contains("/age: must have a minimum value of 0")
                .contains("/tags/1: integer found, string expected")
                .doesNotContain("Exception");
        assertThat(nodeRun(execution, "check").get("error").asText())
                .isEqualTo(error.substring("node 'check': ".length()));
        assertThat(execution.get("nodes"))
                .extracting(n -> n.get("node_id").asText())
                .containsExactly("begin", "check");
        JsonNode deadLetters = body(asAdmin("GET", "/api/v1/executions/dead-letters", null));
        assertThat(deadLetters)
                .extracting(e -> e.get("execution_id").asText())
                .contains(execution.get("execution_id").asText());
    }

    @Test
    void onErrorErrorSendsAnInvalidMessageToTheErrorPort() {
        String id = unique("triage");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("schema", CUSTOMER);
        settings.put("onError", "error");
        createWorkflow(
                id,
                workflow(
                        List.of(
                                node("begin", "start", Map.of()),
                                node("check", "json-schema", settings),
                                node("accept", "set", Map.of("values", Map.of("accepted", true))),
                                node("reject", "set", Map.of("values", Map.of("accepted", false))),
                                node("finish", "end", Map.of())),
                        List.of(
                                edge("e1", "begin", "check", null),
                                edge("e2", "check", "accept", null),
                                edge("e3", "check", "reject", "error"),
                                edge("e4", "accept", "finish", null),
                                edge("e5", "reject", "finish", null))));

        JsonNode valid = executeWorkflow(id, Map.of("name", "Dana"));
        JsonNode invalid = executeWorkflow(id, Map.of("name", ""));

        assertThat(valid.get("results").get("accepted").asBoolean()).isTrue();
        assertThat(invalid.get("status").asText()).as(invalid.toString()).isEqualTo("completed");
        assertThat(invalid.get("results").get("accepted").asBoolean()).isFalse();
        JsonNode check = nodeRun(invalid, "check");
        assertThat(check.get("status").asText()).isEqualTo("failed");
        assertThat(check.get("port").asText()).isEqualTo("error");
        assertThat(check.get("error").asText())
                .contains("/name: must be at least 1 characters long");
    }

    @Test
    void theViolationsListedAreBoundedToTwenty() {
        String id = unique("many-violations");
        createWorkflow(
                id,
                linear(
                        node(
                                "check",
                                "data-validation",
                                Map.of(
                                        "schema",
                                        Map.of(
                                                "type",
                                                "object",
                                                "properties",
                                                Map.of(
                                                        "numbers",
                                                        Map.of(
                                                                "type",
                                                                "array",
                                                                "items",
                                                                Map.of("type", "integer"))))))));
        List<String> words = IntStream.range(0, 30).mapToObj(i -> "w" + i).toList();

        JsonNode execution = executeWorkflow(id, Map.of("numbers", words));

        String error = execution.get("error").asText();
        assertThat(error)
                .contains("(30 violation(s))")
                .contains("/numbers/0: string found, integer expected")
                .contains("/numbers/19: string found, integer expected")
                .doesNotContain("/numbers/20:")
                .endsWith("; and 10 more");
    }

    @Test
    void aDraft7SchemaWithLocalDefinitionsIsApplied() {
        String id = unique("draft-7");
        Map<String, Object> schema =
                Map.of(
                        "$schema",
                        "http://json-schema.org/draft-07/schema#",
                        "definitions",
                        Map.of("code", Map.of("type", "string", "pattern", "^[A-Z]{3}$")),
                        "properties",
                        Map.of("currency", Map.of("$ref", "#/definitions/code")));
        createWorkflow(id, linear(node("check", "data-validation", Map.of("schema", schema))));

        assertThat(executeWorkflow(id, Map.of("currency", "EUR")).get("status").asText())
                .isEqualTo("completed");
        JsonNode failed = executeWorkflow(id, Map.of("currency", "euro"));
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).contains("/currency: does not match the regex");
    }

    // --- refused schemas ------------------------------------------------------------------

    static Stream<Arguments> invalidSchemas() {
        return Stream.of(
                Arguments.of(null, "'schema' must be a JSON Schema object"),
                Arguments.of("string", "'schema' must be a JSON Schema object"),
                Arguments.of(
                        Map.of("type", "strin"),
                        "'schema' is not a valid JSON Schema: /type: does not have a value in the"
                                + " enumeration"),
                Arguments.of(
                        Map.of("properties", Map.of("age", Map.of("minimum", "zero"))),
                        "'schema' is not a valid JSON Schema: /properties/age/minimum: string"
                                + " found, number expected"),
                Arguments.of(
                        Map.of("$schema", "http://json-schema.org/draft-04/schema#"),
                        "'schema' must use draft 2020-12"),
                Arguments.of(
                        Map.of("properties", Map.of("x", Map.of("$ref", "#/$defs/missing"))),
                        "'schema' cannot be compiled"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSchemas")
    void anInvalidSchemaIsRefusedNamingTheNode(Object schema, String fragment) {
        Map<String, Object> settings = new HashMap<>();
        if (schema != null) {
            settings.put("schema", schema);
        }

        JsonNode problem = refused(settings);

        assertThat(problem.path("message").asText()).contains(fragment);
    }

    /**
     * A schema is untrusted: whatever it refers to, the hub opens no connection (SSRF) and reads no
     * file. The statically visible references are refused by name; one hidden where the check does
     * not look (under a property called "enum") is refused by the schema loader.
     */
    static Stream<Arguments> outwardReferences() {
        String host = "http://127.0.0.1:" + schemaHost.port();
        return Stream.of(
                Arguments.of(
                        Map.of("properties", Map.of("x", Map.of("$ref", host + "/schema.json"))),
                        "may only refer to its own definitions ('#/...'): $ref at"
                                + " /properties/x/$ref refers to '"
                                + host
                                + "/schema.json'; remote and file references are never fetched"),
                Arguments.of(
                        Map.of(
                                "$id",
                                host + "/root.json",
                                "properties",
                                Map.of("x", Map.of("$ref", "schema.json"))),
                        "refers to 'schema.json'"),
                Arguments.of(
                        Map.of("$schema", host + "/schema.json"),
                        "'schema' must use draft 2020-12"),
                Arguments.of(
                        Map.of("$ref", "file:///etc/passwd"), "refers to 'file:///etc/passwd'"),
                Arguments.of(
                        Map.of("properties", Map.of("enum", Map.of("$ref", host + "/schema.json"))),
                        "'schema' cannot be compiled: Schema from '"
                                + host
                                + "/schema.json' is not allowed to be loaded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outwardReferences")
    void aSchemaThatReachesOutIsRefusedWithoutAnyRequest(Object schema, String fragment) {
        JsonNode problem = refused(Map.of("schema", schema));

        assertThat(problem.path("message").asText()).contains(fragment);
        assertThat(schemaHost.requests()).isEmpty();
    }

    @Test
    void theNodeTypesListDataValidationWithItsAliases() {
        Map<String, JsonNode> types = new HashMap<>();
        body(asAdmin("GET", "/api/v1/workflows/node-types", null))
                .forEach(t -> types.put(t.get("type").asText(), t));

        assertThat(types).containsKeys("data-validation", "validate", "json-schema");
        JsonNode schema = types.get("data-validation").get("schema");
        assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactly("schema");
        assertThat(schema.at("/properties/schema/type").asText()).isEqualTo("object");
    }

    /** Creates linear(check) with these settings; asserts one problem, of node check. */
    private JsonNode refused(Map<String, Object> settings) {
        JsonNode error =
                assertError(
                        asAdmin(
                                "POST",
                                "/api/v1/workflows",
                                withId(
                                        linear(node("check", "data-validation", settings)),
                                        unique("bad-schema"))),
                        400,
                        "WORKFLOW_INVALID");
        List<JsonNode> problems = new ArrayList<>();
        error.get("details").forEach(problems::add);
        assertThat(problems).as(error.toString()).hasSize(1);
        assertThat(problems.get(0).path("node").asText()).isEqualTo("check");
        return problems.get(0);
    }
}
