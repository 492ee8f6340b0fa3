package com.auterity.hub.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A workflow exported from one hub imports into another as the same routes. */
class WorkflowExportIntegrationTest extends HubIntegrationTest {

    @Test
    void anExportedWorkflowImportsAsTheSameRoutes() throws Exception {
        ObjectNode original =
                (ObjectNode)
                        json.readTree(
                                Files.readString(
                                        Path.of(
                                                "src/test/resources/workflows/valid/studio-format.json")));
        String id = unique("exported");
        original.put("id", id);
        assertThat(asAdmin("POST", "/api/v1/workflows", original).statusCode()).isEqualTo(201);

        var exported = asAdmin("GET", "/api/v1/workflows/" + id + "/export", null);
        assertThat(exported.statusCode()).isEqualTo(200);
        ObjectNode copy = (ObjectNode) body(exported);
        String copyId = unique("imported");
        copy.put("id", copyId);
        var imported = asAdmin("POST", "/api/v1/workflows/import", copy);

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        String originalYaml = asAdmin("GET", "/api/v1/workflows/" + id + "/camel", null).body();
        String copyYaml = asAdmin("GET", "/api/v1/workflows/" + copyId + "/camel", null).body();
        assertThat(copyYaml.replace(copyId, "X")).isEqualTo(originalYaml.replace(id, "X"));
    }

    @Test
    void importWithReplaceMakesTheNextVersion() throws Exception {
        ObjectNode definition =
                (ObjectNode)
                        json.readTree(
                                Files.readString(
                                        Path.of(
                                                "src/test/resources/workflows/valid/lead-scoring.json")));
        String id = unique("replaced");
        definition.put("id", id);
        assertThat(asAdmin("POST", "/api/v1/workflows/import", definition).statusCode())
                .isEqualTo(201);

        assertError(
                asAdmin("POST", "/api/v1/workflows/import", definition), 409, "WORKFLOW_EXISTS");
        JsonNode replaced =
                body(asAdmin("POST", "/api/v1/workflows/import?replace=true", definition));

        assertThat(replaced.get("version").asInt()).isEqualTo(2);
        assertThat(body(asAdmin("GET", "/api/v1/workflows/" + id, null)).get("version").asInt())
                .isEqualTo(2);
    }
}
