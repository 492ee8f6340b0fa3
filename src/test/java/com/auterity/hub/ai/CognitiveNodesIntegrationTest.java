package com.auterity.hub.ai;

import static com.auterity.hub.support.WorkflowFixtures.edge;
import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static com.auterity.hub.support.WorkflowFixtures.nodeRun;
import static com.auterity.hub.support.WorkflowFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The classification, sentiment-analysis and embedding node types in deployed workflows. */
class CognitiveNodesIntegrationTest extends HubIntegrationTest {

    private static String triage;

    private String triageWorkflow() {
        if (triage == null) {
            triage = unique("triage");
            createWorkflow(
                    triage,
                    workflow(
                            List.of(
                                    node("s", "start", Map.of()),
                                    node(
                                            "route",
                                            "classification",
                                            Map.of(
                                                    "field",
                                                    "ticket.body",
                                                    "labels",
                                                    List.of(
                                                            Map.of(
                                                                    "name",
                                                                    "billing",
                                                                    "description",
                                                                    "Payments, invoices, charges,"
                                                                            + " refunds and"
                                                                            + " subscription fees"),
                                                            Map.of(
                                                                    "name",
                                                                    "shipping",
                                                                    "description",
                                                                    "Delivery of orders, parcels,"
                                                                            + " tracking and"
                                                                            + " couriers")))),
                                    node("b", "set", Map.of("values", Map.of("queue", "billing"))),
                                    node(
                                            "sh",
                                            "set",
                                            Map.of("values", Map.of("queue", "shipping"))),
                                    node("t", "set", Map.of("values", Map.of("queue", "triage"))),
                                    node(
                                            "mood",
                                            "sentiment-analysis",
                                            Map.of("field", "ticket.body")),
                                    node("e", "end", Map.of())),
                            List.of(
                                    edge("e1", "s", "route", null),
                                    edge("e2", "route", "b", "billing"),
                                    edge("e3", "route", "sh", "output-shipping"),
                                    edge("e4", "route", "t", "unclassified"),
                                    edge("e5", "b", "mood", null),
                                    edge("e6", "sh", "mood", null),
                                    edge("e7", "t", "mood", null),
                                    edge("e8", "mood", "e", null))));
        }
        return triage;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "I was charged twice for my subscription, please refund me|billing|negative",
                "Thanks, the courier delivered my parcel early!|shipping|positive",
                "What a lovely sunset over the sea tonight.|unclassified|positive",
            })
    void aClassificationNodeRoutesByLabelAndSentimentScoresTheText(
            String body, String port, String mood) {
        JsonNode execution =
                executeWorkflow(triageWorkflow(), Map.of("ticket", Map.of("body", body)));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(nodeRun(execution, "route").get("port").asText()).isEqualTo(port);
        JsonNode results = execution.get("results");
        assertThat(results.at("/queue").asText())
                .isEqualTo(port.equals("unclassified") ? "triage" : port);
        assertThat(results.at("/classification/label").isNull())
                .isEqualTo(port.equals("unclassified"));
        assertThat(results.at("/classification/scores")).hasSize(2);
        assertThat(results.at("/sentiment/label").asText()).isEqualTo(mood);
        assertThat(results.at("/ticket/body").asText()).isEqualTo(body);
    }

    @Test
    void anEmbeddingNodeAddsTheVector() {
        String id = unique("embed");
        createWorkflow(id, linear(node("vec", "embedding", Map.of("output", "doc.vector"))));

        JsonNode execution = executeWorkflow(id, Map.of("text", "Invoice overdue"));

        assertThat(execution.get("status").asText()).isEqualTo("completed");
        assertThat(execution.at("/results/doc/vector")).hasSize(384);
        assertThat(execution.at("/results/text").asText()).isEqualTo("Invoice overdue");
    }

    @Test
    void aMessageWithoutTheTextFailsTheNodeWithTheReason() {
        String id = unique("no-text");
        createWorkflow(id, linear(node("mood", "sentiment-analysis", Map.of())));

        JsonNode execution = executeWorkflow(id, Map.of("comment", "no text field"));

        assertThat(execution.get("status").asText()).isEqualTo("failed");
        assertThat(nodeRun(execution, "mood").get("error").asText()).contains("no text at 'text'");
    }

    @Test
    void theNodeTypesAreListedWithTheirSchemas() {
        JsonNode types = body(asAdmin("GET", "/api/v1/workflows/node-types", null));
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        types.forEach(t -> byName.put(t.get("type").asText(), t));

        assertThat(byName).containsKeys("classification", "sentiment-analysis", "embedding");
        assertThat(byName.get("classification").get("branching").asBoolean()).isTrue();
        assertThat(byName.get("sentiment-analysis").get("branching").asBoolean()).isFalse();
        assertThat(byName.get("classification").at("/schema/required/0").asText())
                .isEqualTo("labels");
    }

    @Test
    void labelsMustBePortNamesAndEdgesMustNameOne() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        workflow(
                                List.of(
                                        node("s", "start", Map.of()),
                                        node(
                                                "c",
                                                "classification",
                                                Map.of("labels", List.of("Billing", "shipping"))),
                                        node("e", "end", Map.of())),
                                List.of(edge("e1", "s", "c", null), edge("e2", "c", "e", null))));

        JsonNode error = assertError(response, 400, "WORKFLOW_INVALID");
        assertThat(error.get("details").toString()).contains("label 'Billing' must be a port name");
    }
}
