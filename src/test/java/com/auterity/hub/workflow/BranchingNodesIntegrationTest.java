package com.auterity.hub.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The switch and filter node types: routing by named ports, and ending a path. */
class BranchingNodesIntegrationTest extends HubIntegrationTest {

    private String id;

    @BeforeEach
    void deployRouter() {
        id = unique("router");
        Map<String, Object> workflow =
                Map.of(
                        "id",
                        id,
                        "name",
                        "Router",
                        "nodes",
                        List.of(
                                node("s", "start", Map.of()),
                                node("only-big", "filter", Map.of("expression", ".amount > 10")),
                                node(
                                        "sw",
                                        "switch",
                                        Map.of(
                                                "cases",
                                                List.of(
                                                        Map.of(
                                                                "port",
                                                                "high",
                                                                "expression",
                                                                ".amount > 1000"),
                                                        Map.of(
                                                                "port",
                                                                "mid",
                                                                "expression",
                                                                ".amount > 100")),
                                                "default",
                                                "low")),
                                node("h", "set", Map.of("values", Map.of("band", "high"))),
                                node("m", "set", Map.of("values", Map.of("band", "mid"))),
                                node("l", "set", Map.of("values", Map.of("band", "low"))),
                                node("e", "end", Map.of())),
                        "edges",
                        List.of(
                                edge("s", "only-big", null),
                                edge("only-big", "sw", "output"),
                                edge("sw", "h", "output-high"),
                                edge("sw", "m", "mid"),
                                edge("sw", "l", "low"),
                                edge("h", "e", null),
                                edge("m", "e", null),
                                edge("l", "e", null)));
        var created = asAdmin("POST", "/api/v1/workflows", workflow);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @ParameterizedTest(name = "amount {0} -> {1}")
    @CsvSource({"50, low, l", "500, mid, m", "5000, high, h"})
    void aSwitchSendsTheMessageToTheFirstMatchingCaseOrTheDefault(
            int amount, String band, String node) {
        JsonNode execution = run(amount);

        assertThat(execution.get("status").asText()).isEqualTo("completed");
        assertThat(execution.at("/results/band").asText()).isEqualTo(band);
        assertThat(ran(execution)).containsExactly("s", "only-big", "sw", node, "e");
        assertThat(port(execution, "sw")).isEqualTo(band);
    }

    @Test
    void aFilterEndsThePathOfAMessageThatDoesNotPass() {
        JsonNode execution = run(5);

        assertThat(execution.get("status").asText()).isEqualTo("completed");
        assertThat(execution.get("results").toString()).isEqualTo("{\"amount\":5}");
        assertThat(ran(execution)).containsExactly("s", "only-big");
        assertThat(port(execution, "only-big")).isEqualTo("filtered");
    }

    @Test
    void switchEdgesMustNameACasePort() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        Map.of(
                                "name", "No port",
                                "nodes",
                                        List.of(
                                                node("s", "start", Map.of()),
                                                node(
                                                        "sw",
                                                        "switch",
                                                        Map.of(
                                                                "cases",
                                                                List.of(
                                                                        Map.of(
                                                                                "port",
                                                                                "a",
                                                                                "expression",
                                                                                ".x")))),
                                                node("e", "end", Map.of())),
                                "edges", List.of(edge("s", "sw", null), edge("sw", "e", null))));

        JsonNode error = assertError(response, 400, "WORKFLOW_INVALID");
        assertThat(error.get("details").toString())
                .contains("without a port")
                .contains("[a, default]");
    }

    @Test
    void switchCasesAreValidated() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        Map.of(
                                "name", "Bad cases",
                                "nodes",
                                        List.of(
                                                node("s", "start", Map.of()),
                                                node(
                                                        "sw",
                                                        "switch",
                                                        Map.of(
                                                                "cases",
                                                                List.of(
                                                                        Map.of(
                                                                                "port",
                                                                                "a",
                                                                                "expression",
                                                                                ".x"),
                                                                        Map.of(
                                                                                "port",
                                                                                "a",
                                                                                "expression",
                                                                                ".y"),
                                                                        Map.of(
                                                                                "port",
                                                                                "Bad Port",
                                                                                "expression",
                                                                                "(("))))),
                                "edges", List.of(edge("s", "sw", null))));

        String details = assertError(response, 400, "WORKFLOW_INVALID").get("details").toString();
        assertThat(details)
                .contains("cases[1].port 'a' is used twice")
                .contains("cases[2].port must be")
                .contains("cases[2].expression");
    }

    private JsonNode run(int amount) {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/" + id + "/execute?wait=true",
                        Map.of("parameters", Map.of("amount", amount)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private static List<String> ran(JsonNode execution) {
        List<String> ids = new ArrayList<>();
        execution.get("nodes").forEach(n -> ids.add(n.get("node_id").asText()));
        return ids;
    }

    private static String port(JsonNode execution, String node) {
        for (JsonNode n : execution.get("nodes")) {
            if (n.get("node_id").asText().equals(node)) {
                return n.get("port").asText();
            }
        }
        throw new AssertionError("node " + node + " did not run");
    }

    private static Map<String, Object> node(String id, String type, Map<String, Object> data) {
        return Map.of("id", id, "type", type, "data", data);
    }

    private static Map<String, Object> edge(String source, String target, String port) {
        return port == null
                ? Map.of("source", source, "target", target)
                : Map.of("source", source, "target", target, "sourcePort", port);
    }
}
