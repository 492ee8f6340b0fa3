package com.auterity.hub.workflow;

import static com.auterity.hub.workflow.WorkflowApiContract.assertProblems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.auterity.hub.support.HubIntegrationTest;
import com.auterity.hub.workflow.WorkflowApiContract.Expected;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two industry templates of the original Auterity frontend, posted as they are (legacy {@code
 * steps}/{@code connections} shape): the hub refuses them, naming every reason, instead of
 * deploying something that would not do what they say. Their {@code ai_process} steps name model
 * groups that no deployment serves, they use a node type the hub does not have ({@code action}),
 * and their conditions' edges carry only a label, so the true and false branches cannot be told
 * apart.
 */
class AuterityTemplatesIntegrationTest extends HubIntegrationTest {

    /** Beside the clone (as in CI), or where the team keeps the shared folder. */
    private static final List<Path> FOLDERS =
            List.of(
                    Path.of("../shared/datasets/auterity-templates"),
                    Path.of("/work/shared/datasets/auterity-templates"));

    static Stream<Arguments> templates() {
        return Stream.of(
                Arguments.of(
                        "automotive-lead-qualification.json",
                        List.of(
                                Expected.node(
                                        "ai-lead-score", "unknown model group 'lead-scoring-v2'"),
                                Expected.node("qualified-followup", "unknown node type 'action'"),
                                Expected.node("nurture-campaign", "unknown node type 'action'"),
                                withoutPort("budget-qualified", "budget-check"),
                                withoutPort("budget-not-qualified", "budget-check"))),
                Arguments.of(
                        "healthcare-patient-intake.json",
                        List.of(
                                Expected.node(
                                        "data-verification",
                                        "unknown model group 'insurance-verification-v1'"),
                                Expected.node(
                                        "triage-assessment",
                                        "unknown model group 'medical-triage-v2'"),
                                Expected.node("emergency-routing", "unknown node type 'action'"),
                                Expected.node(
                                        "appointment-scheduling", "unknown node type 'action'"),
                                Expected.node("confirmation-email", "unknown node type 'action'"),
                                withoutPort("emergency-case", "urgency-check"),
                                withoutPort("routine-case", "urgency-check"))));
    }

    @ParameterizedTest
    @MethodSource("templates")
    void aTemplateIsRefusedWithEveryReason(String file, List<Expected> problems)
            throws IOException {
        JsonNode template = json.readTree(folder().resolve(file).toFile());

        JsonNode error =
                assertError(
                        asAdmin("POST", "/api/v1/workflows/create", template),
                        400,
                        "WORKFLOW_INVALID");

        assertProblems(error.get("details"), problems.toArray(Expected[]::new));
        assertThat(
                        asAdmin("GET", "/api/v1/workflows/" + template.get("id").asText(), null)
                                .statusCode())
                .as("nothing was stored")
                .isEqualTo(404);
    }

    private static Expected withoutPort(String edge, String condition) {
        return Expected.edge(
                edge,
                "leaves the branching node '"
                        + condition
                        + "' without a port: name one of [true, false] as its sourcePort");
    }

    private static Path folder() {
        for (Path folder : FOLDERS) {
            if (Files.isDirectory(folder)) {
                return folder;
            }
        }
        String ci = System.getenv("CI");
        boolean inCi = ci != null && !ci.isBlank();
        assumeTrue(inCi, "the shared datasets are absent (and CI is unset): " + FOLDERS);
        return fail("CI needs the shared datasets beside the clone, at one of " + FOLDERS);
    }
}
