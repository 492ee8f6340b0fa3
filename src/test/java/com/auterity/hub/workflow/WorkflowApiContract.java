package com.auterity.hub.workflow;

import static com.auterity.hub.support.WorkflowFixtures.edge;
import static com.auterity.hub.support.WorkflowFixtures.linear;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static com.auterity.hub.support.WorkflowFixtures.nodeRun;
import static com.auterity.hub.support.WorkflowFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The workflow engine through its REST API, over real HTTP: the fixtures of {@code workflows/valid}
 * deploy, those of {@code workflows/invalid} are refused with the problem named, the compiled Camel
 * YAML matches its golden file, and executions take the branches and leave the records a user
 * relies on.
 */
abstract class WorkflowApiContract extends HubIntegrationTest {

    private static final Path FIXTURES = Path.of("src/test/resources/workflows");

    /** What each file of {@code workflows/invalid} must be refused for: its one defect. */
    private static final Map<String, Expected> INVALID =
            Map.ofEntries(
                    Map.entry(
                            "cycle.json",
                            Expected.node("review", "cycle review -> revise -> review")),
                    Map.entry(
                            "dangling-edge.json",
                            Expected.edge("to-nowhere", "dangling edge: there is no node 'ghost'")),
                    Map.entry(
                            "unknown-type.json",
                            Expected.node("beam-up", "unknown node type 'teleport'")),
                    Map.entry("duplicate-id.json", Expected.node("enrich", "duplicate node id")),
                    Map.entry(
                            "branch-without-port.json",
                            Expected.edge(
                                    "check-low",
                                    "leaves the branching node 'check' without a port")),
                    Map.entry(
                            "bad-jq.json",
                            Expected.node("reshape", "'expression' is not a valid jq expression")),
                    Map.entry(
                            "placeholder-injection.json",
                            Expected.node("leak", "must not contain '{{' or '}}'")),
                    Map.entry(
                            "no-start.json",
                            Expected.workflow(
                                    "the workflow needs exactly one start node, found [first,"
                                            + " second]")),
                    Map.entry(
                            "missing-settings.json",
                            Expected.node("reshape", "'expression' must be a jq expression")),
                    Map.entry(
                            "cycle-outside-loop.json",
                            Expected.node("each", "cycle each -> again -> each")),
                    Map.entry(
                            "branch-without-merge.json",
                            Expected.node(
                                    "fork",
                                    "its branch to 'notify' (edge 'fork-notify') never reaches a"
                                            + " merge node")),
                    Map.entry(
                            "merge-without-parallel.json",
                            Expected.node("join", "no parallel node's branches end here")));

    /** One problem of a refused workflow: the node or edge it names (or neither) and its text. */
    record Expected(String node, String edge, String fragment) {
        static Expected node(String id, String fragment) {
            return new Expected(id, null, fragment);
        }

        static Expected edge(String id, String fragment) {
            return new Expected(null, id, fragment);
        }

        static Expected workflow(String fragment) {
            return new Expected(null, null, fragment);
        }

        boolean matches(JsonNode problem) {
            return Objects.equals(node, text(problem.get("node")))
                    && Objects.equals(edge, text(problem.get("edge")))
                    && problem.path("message").asText().contains(fragment);
        }
    }

    // --- fixtures -------------------------------------------------------------------------

    static Stream<String> validFixtures() {
        return fixtureNames("valid");
    }

    static Stream<String> invalidFixtures() {
        return fixtureNames("invalid");
    }

    @Test
    void theFixtureFoldersHoldTheFilesTheTestsNeed() {
        assertThat(validFixtures())
                .contains("lead-scoring.json", "studio-format.json", "legacy-format.json");
        assertThat(invalidFixtures()).containsExactlyInAnyOrderElementsOf(INVALID.keySet());
    }

    @ParameterizedTest
    @MethodSource("validFixtures")
    void everyValidFixtureDeploysAsARouteGroup(String file) {
        ObjectNode definition = fixture("valid/" + file);
        String id = unique(file.replace(".json", ""));
        definition.put("id", id);

        var response = asAdmin("POST", "/api/v1/workflows", definition);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode deployed = body(response);
        assertThat(deployed.get("id").asText()).isEqualTo(id);
        assertThat(deployed.get("version").asInt()).isEqualTo(1);
        assertThat(deployed.get("status").asText()).isEqualTo("deployed");
        List<String> expectedRoutes = new ArrayList<>(List.of("wf-" + id));
        nodeIds(definition).forEach(node -> expectedRoutes.add("wf-" + id + "-" + node));
        assertThat(texts(deployed.get("routes"))).containsExactlyElementsOf(expectedRoutes);

        List<JsonNode> group = routesOfGroup("wf-" + id);
        assertThat(group)
                .extracting(r -> r.get("id").asText())
                .containsExactlyInAnyOrderElementsOf(expectedRoutes);
        assertThat(group)
                .allSatisfy(
                        route -> {
                            assertThat(route.get("source").asText()).isEqualTo("workflow");
                            assertThat(route.get("status").asText()).isEqualTo("Started");
                            assertThat(route.get("description").asText()).isNotBlank();
                        });
    }

    @ParameterizedTest
    @MethodSource("invalidFixtures")
    void everyInvalidFixtureIsRefusedNamingItsDefect(String file) {
        Expected expected = INVALID.get(file);
        assertThat(expected).as("expectation for invalid/%s", file).isNotNull();
        ObjectNode definition = fixture("invalid/" + file);
        String id = unique("invalid");
        definition.put("id", id);

        JsonNode error =
                assertError(
                        asAdmin("POST", "/api/v1/workflows/create", definition),
                        400,
                        "WORKFLOW_INVALID");

        assertThat(error.get("details"))
                .as("exactly the one defect of %s", file)
                .singleElement()
                .satisfies(
                        problem ->
                                assertThat(expected.matches(problem))
                                        .as("%s matches %s", problem, expected)
                                        .isTrue());
        assertThat(asAdmin("GET", "/api/v1/workflows/" + id, null).statusCode()).isEqualTo(404);
        assertThat(routesOfGroup("wf-" + id)).isEmpty();
    }

    @Test
    void everyDefectOfAWorkflowIsListedAtOnce() {
        var definition =
                workflow(
                        List.of(
                                node("begin", "start", Map.of()),
                                node("check", "condition", Map.of("expression", ".x > 1")),
                                node("mystery", "warp", Map.of()),
                                node("reshape", "data-transform", Map.of("expression", "{")),
                                node("reshape", "set", Map.of("values", Map.of("a", 1))),
                                node("finish", "end", Map.of())),
                        List.of(
                                edge("e1", "begin", "check", null),
                                edge("e2", "check", "mystery", "true"),
                                edge("e3", "check", "reshape", null),
                                edge("e4", "mystery", "finish", null),
                                edge("e5", "reshape", "finish", null),
                                edge("e6", "finish", "nowhere", null)));

        JsonNode error =
                assertError(
                        asAdmin("POST", "/api/v1/workflows/create", definition),
                        400,
                        "WORKFLOW_INVALID");

        assertProblems(
                error.get("details"),
                Expected.node("mystery", "unknown node type 'warp'"),
                Expected.node("reshape", "'expression' is not a valid jq expression"),
                Expected.node("reshape", "duplicate node id"),
                Expected.edge("e6", "dangling edge: there is no node 'nowhere'"),
                Expected.edge("e3", "leaves the branching node 'check' without a port"));
        assertThat(error.get("message").asText()).contains("5 problem(s)");
    }

    // --- compiled text --------------------------------------------------------------------

    @Test
    void theCompiledCamelYamlMatchesTheGoldenFile() throws IOException {
        ensureLeadScoring();

        var response = asAdmin("GET", "/api/v1/workflows/lead-scoring/camel", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
        assertThat(response.body())
                .isEqualTo(Files.readString(FIXTURES.resolve("golden/lead-scoring.camel.yaml")));
    }

    // --- executions -----------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "30000, true, qualified, qualified, sales",
        "10000, false, nurture, nurture, marketing"
    })
    void leadScoringTakesTheBranchOfTheBudget(
            int budget, String port, String branch, String status, String queue) {
        ensureLeadScoring();

        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/execute?wait=true",
                        Map.of(
                                "workflow_id",
                                "lead-scoring",
                                "parameters",
                                Map.of("budget", budget, "email", "dana@example.com")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode execution = body(response);
        assertThat(execution.get("workflow_id").asText()).isEqualTo("lead-scoring");
        assertThat(execution.get("workflow_version").asInt()).isEqualTo(1);
        assertThat(execution.get("status").asText()).isEqualTo("completed");
        assertThat(execution.get("progress").asInt()).isEqualTo(100);
        assertThat(execution.path("error").isNull()).isTrue();
        assertThat(execution.get("results"))
                .isEqualTo(
                        json(
                                Map.of(
                                        "budget", budget,
                                        "email", "dana@example.com",
                                        "status", status,
                                        "queue", queue)));

        JsonNode nodes = execution.get("nodes");
        assertThat(nodes)
                .extracting(n -> n.get("node_id").asText())
                .containsExactly("inquiry", "budget-check", branch, "done");
        assertThat(nodes)
                .extracting(n -> n.get("node_type").asText())
                .containsExactly("start", "condition", "set", "end");
        assertThat(nodes)
                .allSatisfy(
                        n -> {
                            assertThat(n.get("status").asText()).isEqualTo("completed");
                            assertThat(n.get("attempts").asInt()).isEqualTo(1);
                            assertThat(n.get("duration_ms").isIntegralNumber()).isTrue();
                            assertThat(n.get("duration_ms").asLong()).isNotNegative();
                            assertThat(n.get("started_at").asText()).isNotBlank();
                            assertThat(n.get("finished_at").asText()).isNotBlank();
                        });
        assertThat(nodes.get(1).get("port").asText()).isEqualTo(port);
        assertThat(nodes.get(0).path("port").isNull()).isTrue();
        assertThat(nodes.get(2).get("output").get("status").asText()).isEqualTo(status);
    }

    /**
     * One generated workflow per case: start, a condition with the one structured condition on
     * {@code lead.score}, and a node on each port that records which one ran. Forms send numbers as
     * text, so {@code "10000"} must not pass {@code gte 25000}, whether the engine converts it or
     * treats a string and a number as not comparable.
     */
    @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "eq      | 5                    | {\"score\":5}                  | true",
                "eq      | 5                    | {\"score\":6}                  | false",
                "eq      | \"gold\"             | {\"score\":\"gold\"}           | true",
                "eq      | 5                    | {}                             | false",
                "ne      | 5                    | {\"score\":6}                  | true",
                "ne      | 5                    | {\"score\":5}                  | false",
                "gt      | 5                    | {\"score\":6}                  | true",
                "gt      | 5                    | {\"score\":5}                  | false",
                "gte     | 5                    | {\"score\":5}                  | true",
                "gte     | 5                    | {\"score\":4.5}                | false",
                "gte     | 25000                | {\"score\":\"10000\"}          | false",
                "lt      | 5                    | {\"score\":4}                  | true",
                "lt      | 5                    | {\"score\":5}                  | false",
                "lte     | 5                    | {\"score\":5}                  | true",
                "lte     | 5                    | {\"score\":6}                  | false",
                "contains | \"vip\"             | {\"score\":[\"new\",\"vip\"]}  | true",
                "contains | \"vip\"             | {\"score\":\"a vip customer\"} | true",
                "contains | \"vip\"             | {\"score\":[\"new\"]}          | false",
                "contains | \"vip\"             | {\"score\":42}                 | false",
                "in      | [\"gold\",\"silver\"] | {\"score\":\"gold\"}          | true",
                "in      | [\"gold\",\"silver\"] | {\"score\":\"bronze\"}        | false",
                "not_in  | [\"gold\",\"silver\"] | {\"score\":\"bronze\"}        | true",
                "not_in  | [\"gold\",\"silver\"] | {\"score\":\"gold\"}          | false",
                "exists  |                      | {\"score\":false}              | true",
                "exists  |                      | {\"other\":1}                  | false"
            })
    void everyStructuredOperatorRoutesToTheRightPort(
            String operator, String value, String lead, String port) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("field", "lead.score");
        condition.put("operator", operator);
        if (value != null) {
            condition.put("value", read(value));
        }
        String id = unique("op-" + operator.replace('_', '-'));
        createWorkflow(
                id,
                workflow(
                        List.of(
                                node("begin", "start", Map.of()),
                                node("test", "condition", Map.of("conditions", List.of(condition))),
                                node("yes", "set", Map.of("values", Map.of("branch", "true"))),
                                node("no", "set", Map.of("values", Map.of("branch", "false"))),
                                node("finish", "end", Map.of())),
                        List.of(
                                edge("e1", "begin", "test", null),
                                edge("e2", "test", "yes", "true"),
                                edge("e3", "test", "no", "false"),
                                edge("e4", "yes", "finish", null),
                                edge("e5", "no", "finish", null))));

        JsonNode execution = executeWorkflow(id, Map.of("lead", read(lead)));

        assertThat(execution.get("status").asText())
                .as(execution.toString())
                .isEqualTo("completed");
        assertThat(execution.get("results").get("branch").asText()).isEqualTo(port);
        assertThat(nodeRun(execution, "test").get("port").asText()).isEqualTo(port);
    }

    @Test
    void aJqErrorAtRunTimeFailsTheExecutionAtItsNode() {
        String id = unique("jq-fails");
        createWorkflow(
                id,
                linear(
                        node("divide", "data-transform", Map.of("expression", ".a / \"x\"")),
                        node("after", "set", Map.of("values", Map.of("reached", true)))));

        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/" + id + "/execute?wait=true",
                        Map.of("parameters", Map.of("a", 1)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode execution = body(response);
        assertThat(execution.get("execution_id").asText()).isNotBlank();
        assertThat(execution.get("status").asText()).isEqualTo("failed");
        assertThat(execution.get("progress").asInt()).isLessThan(100);
        assertThat(execution.get("error").asText()).contains("divide").isNotBlank();
        assertThat(execution.path("results").isNull()).isTrue();
        assertThat(execution.get("nodes"))
                .extracting(n -> n.get("node_id").asText())
                .containsExactly("begin", "divide");
        JsonNode failed = nodeRun(execution, "divide");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).isNotBlank();
        assertThat(failed.get("finished_at").asText()).isNotBlank();
        assertThat(nodeRun(execution, "begin").get("status").asText()).isEqualTo("completed");
    }

    /** The hub's environment may hold secrets: an expression that reads it is refused. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"env", "$ENV", "{path: env.PATH, home: $ENV.HOME}", ". + {x: $ENV.HOME}"})
    void jqCannotReadTheHubsEnvironment(String expression) {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        linear(node("peek", "data-transform", Map.of("expression", expression))));

        JsonNode error = assertError(response, 400, "WORKFLOW_INVALID");
        assertThat(error.get("details").toString())
                .contains("peek")
                .contains("must not read the hub's environment");
    }

    @Test
    void aFieldOrStringNamedEnvIsNoEnvironmentRead() {
        String id = unique("jq-env-field");
        createWorkflow(
                id,
                linear(
                        node(
                                "peek",
                                "data-transform",
                                Map.of("expression", "{env: .env, label: \"env\"}"))));

        JsonNode execution = executeWorkflow(id, Map.of("env", "staging"));

        assertThat(execution.get("results"))
                .isEqualTo(json("{\"env\":\"staging\",\"label\":\"env\"}"));
    }

    @Test
    void theStudioAndLegacyFormatsRunWithTheirSettings() {
        String studio = unique("studio");
        createWorkflow(studio, fixture("valid/studio-format.json"));
        String legacy = unique("legacy");
        createWorkflow(legacy, fixture("valid/legacy-format.json"));

        // the studio's execute body names its input "inputs"
        var large =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/" + studio + "/execute?wait=true",
                        Map.of("inputs", Map.of("amount", 5000)));
        JsonNode small = executeWorkflow(studio, Map.of("amount", 10));
        JsonNode vip = executeWorkflow(legacy, Map.of("priority", "low", "vip", true));
        JsonNode routine = executeWorkflow(legacy, Map.of("priority", "low", "vip", false));

        assertThat(large.statusCode()).as(large.body()).isEqualTo(200);
        assertThat(body(large).get("results")).isEqualTo(json("{\"amount\":5000,\"review\":true}"));
        assertThat(body(large).get("nodes"))
                .extracting(n -> n.get("node_id").asText())
                .containsExactly("order-received", "large-order", "flag-review", "finished");
        assertThat(small.get("results")).isEqualTo(json("{\"amount\":10}"));
        assertThat(nodeRun(small, "large-order").get("port").asText()).isEqualTo("false");
        assertThat(nodeRun(small, "log-small").get("status").asText()).isEqualTo("completed");
        assertThat(vip.get("results").get("queue").asText()).isEqualTo("on-call");
        assertThat(routine.get("results").get("queue").asText()).isEqualTo("standard");
    }

    // --- lifecycle ------------------------------------------------------------------------

    @Test
    void aTakenIdIsAConflict() {
        String id = unique("taken");
        createWorkflow(id, linear());

        JsonNode error =
                assertError(
                        asAdmin("POST", "/api/v1/workflows/create", withId(linear(), id)),
                        409,
                        "WORKFLOW_EXISTS");

        assertThat(error.get("details").get("id").asText()).isEqualTo(id);
    }

    @Test
    void withoutAnIdTheHubNamesTheWorkflow() {
        var response = asAdmin("POST", "/api/v1/workflows/create", linear());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String id = body(response).get("id").asText();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(asAdmin("GET", "/api/v1/workflows/" + id, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anUpdateDeploysVersionTwoAndARefusedUpdateKeepsIt() {
        String id = unique("update");
        createWorkflow(id, linear(node("mark", "set", Map.of("values", Map.of("v", 1)))));
        assertThat(executeWorkflow(id, Map.of()).get("results")).isEqualTo(json("{\"v\":1}"));

        var updated =
                asAdmin(
                        "PUT",
                        "/api/v1/workflows/" + id,
                        linear(node("mark", "set", Map.of("values", Map.of("v", 2)))));
        var refused =
                asAdmin(
                        "PUT",
                        "/api/v1/workflows/" + id,
                        linear(node("mark", "data-transform", Map.of())));

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(body(updated).get("version").asInt()).isEqualTo(2);
        assertError(refused, 400, "WORKFLOW_INVALID");
        JsonNode view = body(asAdmin("GET", "/api/v1/workflows/" + id, null));
        assertThat(view.get("version").asInt()).isEqualTo(2);
        JsonNode execution = executeWorkflow(id, Map.of());
        assertThat(execution.get("workflow_version").asInt()).isEqualTo(2);
        assertThat(execution.get("results")).isEqualTo(json("{\"v\":2}"));
        assertThat(routesOfGroup("wf-" + id)).hasSize(4);
    }

    @Test
    void aDeletedWorkflowIsGoneWithItsRoutes() {
        String id = unique("delete");
        createWorkflow(id, linear());
        assertThat(routesOfGroup("wf-" + id)).isNotEmpty();

        var deleted = asAdmin("DELETE", "/api/v1/workflows/" + id, null);

        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertThat(routesOfGroup("wf-" + id)).isEmpty();
        assertError(asAdmin("GET", "/api/v1/workflows/" + id, null), 404, "NOT_FOUND");
        assertError(
                asAdmin("POST", "/api/v1/workflows/" + id + "/execute?wait=true", Map.of()),
                404,
                "NOT_FOUND");
        assertError(asAdmin("DELETE", "/api/v1/workflows/" + id, null), 404, "NOT_FOUND");
    }

    @Test
    void theListFiltersByNameAndPages() {
        String token = unique("Paging").toLowerCase();
        for (String letter : List.of("C", "A", "B")) {
            createWorkflow(unique("page"), named(linear(), token + " " + letter));
        }
        createWorkflow(unique("page"), named(linear(), "unrelated workflow"));

        JsonNode first =
                body(
                        asAdmin(
                                "GET",
                                "/api/v1/workflows?name=" + token.toUpperCase() + "&page=0&size=2",
                                null));
        JsonNode second =
                body(asAdmin("GET", "/api/v1/workflows?name=" + token + "&page=1&size=2", null));

        assertThat(first.get("total").asLong()).isEqualTo(3);
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(first.get("items"))
                .extracting(w -> w.get("name").asText())
                .containsExactly(token + " A", token + " B");
        assertThat(second.get("items"))
                .extracting(w -> w.get("name").asText())
                .containsExactly(token + " C");
        assertThat(second.get("total").asLong()).isEqualTo(3);
    }

    @Test
    void statusByWorkflowIdIsItsLatestExecution() {
        String id = unique("latest");
        createWorkflow(id, linear());
        JsonNode older = executeWorkflow(id, Map.of("run", 1));
        JsonNode newer = executeWorkflow(id, Map.of("run", 2));

        JsonNode latest = body(asAdmin("GET", "/api/v1/workflows/" + id + "/status", null));
        JsonNode byExecution =
                body(
                        asAdmin(
                                "GET",
                                "/api/v1/workflows/"
                                        + older.get("execution_id").asText()
                                        + "/status",
                                null));
        JsonNode listed =
                body(
                        asAdmin(
                                "GET",
                                "/api/v1/executions?workflow_id=" + id + "&status=completed",
                                null));
        JsonNode one =
                body(
                        asAdmin(
                                "GET",
                                "/api/v1/executions/" + newer.get("execution_id").asText(),
                                null));

        assertThat(latest.get("execution_id")).isEqualTo(newer.get("execution_id"));
        assertThat(latest.get("results")).isEqualTo(json("{\"run\":2}"));
        assertThat(byExecution.get("execution_id")).isEqualTo(older.get("execution_id"));
        assertThat(listed)
                .extracting(e -> e.get("execution_id"))
                .containsExactly(newer.get("execution_id"), older.get("execution_id"));
        assertThat(one.get("nodes")).hasSize(2);
        assertThat(
                        body(
                                asAdmin(
                                        "GET",
                                        "/api/v1/executions?workflow_id=" + id + "&status=failed",
                                        null)))
                .isEmpty();
    }

    @Test
    void withoutWaitTheExecutionIsAcceptedAndCompletesLater() {
        String id = unique("async");
        createWorkflow(id, linear(node("pause", "delay", Map.of("milliseconds", 300))));

        var accepted =
                asAdmin(
                        "POST",
                        "/api/v1/workflows/" + id + "/execute",
                        Map.of("parameters", Map.of("ticket", 7)));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode queued = body(accepted);
        assertThat(queued.get("status").asText()).isIn("queued", "running");
        String execution = queued.get("execution_id").asText();
        JsonNode done =
                await().atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(50))
                        .until(
                                () ->
                                        body(
                                                asAdmin(
                                                        "GET",
                                                        "/api/v1/workflows/"
                                                                + execution
                                                                + "/status",
                                                        null)),
                                status -> "completed".equals(status.get("status").asText()));
        assertThat(done.get("results")).isEqualTo(json("{\"ticket\":7}"));
        assertThat(done.get("progress").asInt()).isEqualTo(100);
        assertThat(nodeRun(done, "pause").get("duration_ms").asLong()).isGreaterThanOrEqualTo(300);
    }

    // --- roles and bad requests -----------------------------------------------------------

    @Test
    void aViewerReadsButCannotCreate() {
        String viewer = tokenOfNewUser("VIEWER");

        assertError(
                send(
                        "POST",
                        "/api/v1/workflows/create",
                        linear(),
                        Map.of("Authorization", "Bearer " + viewer)),
                403,
                "FORBIDDEN");
        assertThat(
                        send(
                                        "GET",
                                        "/api/v1/workflows",
                                        null,
                                        Map.of("Authorization", "Bearer " + viewer))
                                .statusCode())
                .isEqualTo(200);
    }

    @Test
    void anOperatorExecutesButCannotCreate() {
        String id = unique("operated");
        createWorkflow(id, linear());
        String operator = tokenOfNewUser("OPERATOR");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + operator);

        var created = send("POST", "/api/v1/workflows/create", linear(), auth);
        var executed =
                send(
                        "POST",
                        "/api/v1/workflows/" + id + "/execute?wait=true",
                        Map.of("parameters", Map.of("by", "operator")),
                        auth);

        assertError(created, 403, "FORBIDDEN");
        assertThat(executed.statusCode()).as(executed.body()).isEqualTo(200);
        assertThat(body(executed).get("status").asText()).isEqualTo("completed");
    }

    @Test
    void executingAnUnknownWorkflowIsNotFound() {
        assertError(
                asAdmin(
                        "POST",
                        "/api/v1/workflows/execute?wait=true",
                        Map.of("workflow_id", "no-such-workflow", "parameters", Map.of())),
                404,
                "NOT_FOUND");
        assertError(
                asAdmin("POST", "/api/v1/workflows/no-such-workflow/execute", Map.of()),
                404,
                "NOT_FOUND");
    }

    @Test
    void aBodyThatIsNotJsonIsMalformed() {
        assertError(
                asAdmin("POST", "/api/v1/workflows/create", "{\"name\": \"half"),
                400,
                "MALFORMED_JSON");
    }

    @Test
    void nodesThatAreNotAnArrayAreAnInvalidWorkflow() {
        JsonNode error =
                assertError(
                        asAdmin(
                                "POST",
                                "/api/v1/workflows/create",
                                Map.of("name", "object nodes", "nodes", Map.of("a", "start"))),
                        400,
                        "WORKFLOW_INVALID");

        assertProblems(error.get("details"), Expected.workflow("'nodes'"));
    }

    @Test
    void theNodeTypesDescribeTheirSettingsAndBranches() {
        var response = asAdmin("GET", "/api/v1/workflows/node-types", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> types = new LinkedHashMap<>();
        body(response).forEach(t -> types.put(t.get("type").asText(), t));
        assertThat(types)
                .containsKeys(
                        "start",
                        "end",
                        "condition",
                        "decision",
                        "data-transform",
                        "set",
                        "delay",
                        "log");
        assertThat(types.get("condition").get("branching").asBoolean()).isTrue();
        assertThat(types.get("decision").get("branching").asBoolean()).isTrue();
        JsonNode transform = types.get("data-transform");
        assertThat(transform.get("branching").asBoolean()).isFalse();
        assertThat(texts(transform.get("schema").get("required"))).containsExactly("expression");
        assertThat(transform.at("/schema/properties/expression/type").asText()).isEqualTo("string");
        assertThat(types.get("set").get("branching").asBoolean()).isFalse();
    }

    // --- helpers --------------------------------------------------------------------------

    /** lead-scoring has a fixed id: created once per running hub, whichever test comes first. */
    private synchronized void ensureLeadScoring() {
        if (asAdmin("GET", "/api/v1/workflows/lead-scoring", null).statusCode() == 404) {
            var response =
                    asAdmin("POST", "/api/v1/workflows/create", fixture("valid/lead-scoring.json"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(body(response).get("id").asText()).isEqualTo("lead-scoring");
        }
    }

    @Test
    void executionsAreListedByTheTimeTheyWereCreated() {
        String id = unique("timed");
        createWorkflow(id, linear(node("mark", "set", Map.of("values", Map.of("m", 1)))));
        java.time.Instant before = java.time.Instant.now().minusSeconds(5);
        executeWorkflow(id, Map.of());
        executeWorkflow(id, Map.of());
        java.time.Instant after = java.time.Instant.now().plusSeconds(5);

        assertThat(
                        body(
                                asAdmin(
                                        "GET",
                                        "/api/v1/executions?workflow_id=" + id + "&from=" + before,
                                        null)))
                .hasSize(2);
        assertThat(
                        body(
                                asAdmin(
                                        "GET",
                                        "/api/v1/executions?workflow_id="
                                                + id
                                                + "&from="
                                                + before
                                                + "&to="
                                                + after,
                                        null)))
                .hasSize(2);
        assertThat(
                        body(
                                asAdmin(
                                        "GET",
                                        "/api/v1/executions?workflow_id=" + id + "&from=" + after,
                                        null)))
                .isEmpty();
        assertThat(
                        body(
                                asAdmin(
                                        "GET",
                                        "/api/v1/executions?workflow_id=" + id + "&to=" + before,
                                        null)))
                .isEmpty();
        assertError(
                asAdmin("GET", "/api/v1/executions?from=yesterday", null),
                400,
                "VALIDATION_FAILED");
    }

    /** Runs the workflow and waits for the end; the answer must be 200. */
    private List<JsonNode> routesOfGroup(String group) {
        var response = asAdmin("GET", "/api/v1/routes", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(body(response).spliterator(), false)
                .filter(r -> group.equals(text(r.get("group"))))
                .toList();
    }

    static void assertProblems(JsonNode details, Expected... expected) {
        assertThat(details).as("problems").hasSize(expected.length);
        for (Expected problem : expected) {
            assertThat(details)
                    .as("problems matching %s in %s", problem, details)
                    .filteredOn(problem::matches)
                    .hasSize(1);
        }
        assertThat(details)
                .as("problems that were not expected")
                .allSatisfy(
                        detail ->
                                assertThat(expected)
                                        .as("%s is expected", detail)
                                        .anyMatch(e -> e.matches(detail)));
    }

    private static Map<String, Object> named(Map<String, Object> workflow, String name) {
        Map<String, Object> copy = new LinkedHashMap<>(workflow);
        copy.put("name", name);
        return copy;
    }

    private ObjectNode fixture(String name) {
        try {
            return (ObjectNode) json.readTree(FIXTURES.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> nodeIds(JsonNode definition) {
        JsonNode root = definition.has("workflow") ? definition.get("workflow") : definition;
        JsonNode nodes = root.has("steps") ? root.get("steps") : root.get("nodes");
        return StreamSupport.stream(nodes.spliterator(), false)
                .map(n -> n.get("id").asText())
                .toList();
    }

    private JsonNode json(Object value) {
        return value instanceof String text ? read(text) : json.valueToTree(value);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Stream<String> fixtureNames(String folder) {
        try (Stream<Path> files = Files.list(FIXTURES.resolve(folder))) {
            return files
                    .map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
