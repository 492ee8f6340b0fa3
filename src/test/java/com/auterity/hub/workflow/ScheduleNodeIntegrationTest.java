package com.auterity.hub.workflow;

import static com.auterity.hub.support.WorkflowFixtures.edge;
import static com.auterity.hub.support.WorkflowFixtures.node;
import static com.auterity.hub.support.WorkflowFixtures.nodeRun;
import static com.auterity.hub.support.WorkflowFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Schedule triggers over real HTTP: a workflow with a schedule node runs on its cron, each firing
 * recorded as an execution created by {@code schedule}; deleting or replacing the workflow removes
 * the Quartz trigger with the route group; a firing is recorded once however many times it arrives;
 * and an invalid cron or time zone is refused naming the node.
 */
class ScheduleNodeIntegrationTest extends HubIntegrationTest {

    private static final String EVERY_SECOND = "0/1 * * * * ?";

    /** A valid cron that does not fire while the tests run. */
    private static final String NEXT_CENTURY = "0 0 0 1 1 ? 2099";

    @Autowired CamelContext camel;

    @Test
    void aScheduleEverySecondStartsExecutionsUntilTheWorkflowIsDeleted() throws Exception {
        String id = unique("every-second");
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/workflows",
                        withId(
                                scheduled(
                                        Map.of(
                                                "cron",
                                                EVERY_SECOND,
                                                "timezone",
                                                "Europe/Berlin",
                                                "parameters",
                                                Map.of("source", "timer"))),
                                id));
        try {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(body(response).get("routes"))
                    .extracting(JsonNode::asText)
                    .contains("wf-" + id + "-tick-schedule");
            assertThat(triggers(id)).containsExactly(TriggerKey.triggerKey("tick", "wf-" + id));
            CronTrigger trigger = (CronTrigger) scheduler().getTrigger(triggers(id).get(0));
            assertThat(trigger.getCronExpression()).isEqualTo(EVERY_SECOND);
            assertThat(trigger.getTimeZone().getID()).isEqualTo("Europe/Berlin");

            List<JsonNode> completed =
                    await().atMost(Duration.ofSeconds(15))
                            .until(() -> executions(id, "completed"), list -> list.size() >= 2);

            for (JsonNode listed : completed) {
                JsonNode execution =
                        body(
                                asAdmin(
                                        "GET",
                                        "/api/v1/executions/" + listed.get("execution_id").asText(),
                                        null));
                assertThat(execution.get("created_by").asText()).isEqualTo("schedule");
                assertThat(execution.get("results"))
                        .isEqualTo(json.readTree("{\"source\":\"timer\",\"stamped\":true}"));
                assertThat(nodeRun(execution, "tick").get("input"))
                        .isEqualTo(json.readTree("{\"source\":\"timer\"}"));
                assertThat(nodeRun(execution, "stamp").get("status").asText())
                        .isEqualTo("completed");
            }
        } finally {
            assertThat(asAdmin("DELETE", "/api/v1/workflows/" + id, null).statusCode())
                    .isEqualTo(204);
        }

        assertThat(triggers(id)).isEmpty();
        assertThat(camel.getRoutes()).noneMatch(r -> ("wf-" + id).equals(r.getGroup()));
        int afterDelete = executions(id, null).size();
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> executions(id, null).size() == afterDelete);
    }

    @Test
    void replacingTheWorkflowReplacesItsSchedule() throws Exception {
        String id = unique("rescheduled");
        createWorkflow(id, scheduled(Map.of("cron", EVERY_SECOND)));
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> !executions(id, null).isEmpty());

            var updated =
                    asAdmin(
                            "PUT",
                            "/api/v1/workflows/" + id,
                            scheduled(Map.of("cron", NEXT_CENTURY, "timezone", "Asia/Tokyo")));
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

            assertThat(triggers(id)).hasSize(1);
            CronTrigger trigger = (CronTrigger) scheduler().getTrigger(triggers(id).get(0));
            assertThat(trigger.getCronExpression()).isEqualTo(NEXT_CENTURY);
            assertThat(trigger.getTimeZone().getID()).isEqualTo("Asia/Tokyo");
            int afterUpdate = executions(id, null).size();
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> executions(id, null).size() == afterUpdate);
        } finally {
            asAdmin("DELETE", "/api/v1/workflows/" + id, null);
        }
    }

    /**
     * Every hub instance fires its schedules; the execution id derives from the firing, so the
     * second instance to record one finds it taken and starts nothing.
     */
    @Test
    void aFiringIsRecordedOnceHoweverOftenItArrives() throws Exception {
        String id = unique("fired-twice");
        createWorkflow(id, scheduled(Map.of("cron", NEXT_CENTURY)));
        try {
            Processor fired =
                    camel.getRegistry().lookupByNameAndType("hubScheduleFired", Processor.class);
            Date firstFiring = new Date(1_900_000_000_000L);
            Date secondFiring = new Date(1_900_000_060_000L);

            for (Date at : List.of(firstFiring, firstFiring, secondFiring, firstFiring)) {
                var exchange = new DefaultExchange(camel);
                exchange.setProperty("hubWorkflow", id);
                exchange.setProperty("hubScheduleNode", "tick");
                exchange.setProperty("hubScheduleParameters", "{\"n\":1}");
                exchange.getMessage().setHeader("scheduledFireTime", at);
                fired.process(exchange);
            }

            List<JsonNode> all =
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> executions(id, "completed"), list -> list.size() == 2);
            assertThat(all)
                    .allSatisfy(
                            e -> assertThat(e.get("created_by").asText()).isEqualTo("schedule"));
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> executions(id, null).size() == 2);
        } finally {
            asAdmin("DELETE", "/api/v1/workflows/" + id, null);
        }
    }

    static Stream<Arguments> invalidSchedules() {
        return Stream.of(
                Arguments.of(Map.of(), "'cron' must be a Quartz cron expression"),
                Arguments.of(Map.of("cron", 5), "'cron' must be a Quartz cron expression"),
                Arguments.of(
                        Map.of("cron", "*/5 * * * *"),
                        "'cron' has 5 field(s); a Quartz cron expression has 6 or 7"),
                Arguments.of(
                        Map.of("cron", "0 0 25 * * ?"),
                        "'cron' is not a valid Quartz cron expression"),
                Arguments.of(
                        Map.of("cron", "0 0 12 1 * MON"),
                        "'cron' is not a valid Quartz cron expression"),
                Arguments.of(
                        Map.of("cron", "0 0 12 * * ?&bean=x"),
                        "'cron' may only hold digits, letters, spaces and"),
                Arguments.of(Map.of("cron", "0 0 0 1 1 ? 2001"), "'cron' never fires again"),
                Arguments.of(
                        Map.of("cron", EVERY_SECOND, "timezone", "Mars/Olympus_Mons"),
                        "'timezone' must be an IANA time zone id"),
                Arguments.of(
                        Map.of("cron", EVERY_SECOND, "timezone", "+02:00"),
                        "'timezone' must be an IANA time zone id"),
                Arguments.of(
                        Map.of("cron", EVERY_SECOND, "parameters", "x"),
                        "'parameters' must be a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSchedules")
    void anInvalidScheduleIsRefusedNamingTheNode(Map<String, Object> settings, String fragment) {
        String id = unique("bad-schedule");

        JsonNode error =
                assertError(
                        asAdmin("POST", "/api/v1/workflows", withId(scheduled(settings), id)),
                        400,
                        "WORKFLOW_INVALID");

        assertThat(error.get("details")).as(error.toString()).hasSize(1);
        JsonNode problem = error.get("details").get(0);
        assertThat(problem.path("node").asText()).isEqualTo("tick");
        assertThat(problem.path("message").asText()).contains(fragment);
        assertThat(triggers(id)).isEmpty();
    }

    @Test
    void theNodeTypesListTheScheduleWithItsAliases() {
        Map<String, JsonNode> types = new HashMap<>();
        body(asAdmin("GET", "/api/v1/workflows/node-types", null))
                .forEach(t -> types.put(t.get("type").asText(), t));

        assertThat(types).containsKeys("schedule", "cron", "schedule-trigger");
        JsonNode schema = types.get("schedule").get("schema");
        assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactly("cron");
        assertThat(schema.at("/properties/timezone/default").asText()).isEqualTo("UTC");
        assertThat(schema.at("/properties/parameters/type").asText()).isEqualTo("object");
    }

    /** schedule -> set -> end. */
    private static Map<String, Object> scheduled(Map<String, Object> settings) {
        return workflow(
                List.of(
                        node("tick", "schedule", settings),
                        node("stamp", "set", Map.of("values", Map.of("stamped", true))),
                        node("done", "end", Map.of())),
                List.of(edge("e1", "tick", "stamp", null), edge("e2", "stamp", "done", null)));
    }

    private List<JsonNode> executions(String workflowId, String status) {
        var response =
                asAdmin(
                        "GET",
                        "/api/v1/executions?limit=500&workflow_id="
                                + workflowId
                                + (status == null ? "" : "&status=" + status),
                        null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        body(response).forEach(list::add);
        return list;
    }

    private Scheduler scheduler() {
        return camel.getComponent("quartz", QuartzComponent.class).getScheduler();
    }

    private List<TriggerKey> triggers(String workflowId) {
        try {
            Scheduler scheduler = scheduler();
            if (scheduler == null) {
                return List.of();
            }
            return new ArrayList<>(
                    scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals("wf-" + workflowId)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
