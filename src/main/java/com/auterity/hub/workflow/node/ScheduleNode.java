package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.text.ParseException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.quartz.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Starts the workflow on a Quartz {@code cron} schedule in a {@code timezone} (IANA id, UTC by
 * default), with {@code parameters} as the execution's input. The node adds a trigger route of its
 * own, a {@code quartz:} consumer in the workflow's route group, so undeploying or replacing the
 * workflow removes the schedule with the rest of the group. The endpoint is built here from the
 * validated, normalised values only; the route hands each firing to the engine ({@value #FIRED}).
 *
 * <p>Every hub instance runs the schedules of the workflows it has deployed; the engine derives the
 * execution id from the workflow, the node and the scheduled fire time, so when several instances
 * share a database only the first to record a firing runs it.
 */
@Component
class ScheduleNode implements NodeType {

    /** The processor that turns a firing into an execution. */
    static final String FIRED = "hubScheduleFired";

    /** Exchange properties the trigger route sets for {@value #FIRED}. */
    static final String WORKFLOW = "hubWorkflow";

    static final String NODE = "hubScheduleNode";
    static final String PARAMETERS = "hubScheduleParameters";

    static final String DEFAULT_ZONE = "UTC";

    /** The characters of a Quartz cron expression; anything else is refused before parsing. */
    private static final Pattern CRON_CHARACTERS = Pattern.compile("[0-9A-Za-z*?/,#\\- ]+");

    @Override
    public List<String> types() {
        return List.of("schedule", "cron", "schedule-trigger");
    }

    @Override
    public boolean trigger() {
        return true;
    }

    @Override
    public Map<String, Object> schema() {
        return Steps.ordered(
                "type", "object",
                "required", List.of("cron"),
                "properties",
                        Steps.ordered(
                                "cron",
                                        Map.of(
                                                "type",
                                                "string",
                                                "description",
                                                "Quartz cron expression: seconds minutes hours"
                                                        + " day-of-month month day-of-week [year],"
                                                        + " e.g. '0 0/5 * * * ?' (every 5 minutes)"),
                                "timezone",
                                        Map.of(
                                                "type",
                                                "string",
                                                "default",
                                                DEFAULT_ZONE,
                                                "description",
                                                "IANA time zone id the cron is read in, e.g."
                                                        + " 'Europe/Berlin'"),
                                "parameters",
                                        Map.of(
                                                "type",
                                                "object",
                                                "description",
                                                "the input of every execution the schedule"
                                                        + " starts")));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> s = node.settings();
        String cronProblem = cronProblem(s.get("cron"));
        if (cronProblem != null) {
            problems.add(cronProblem);
        }
        Object zone = s.get("timezone");
        if (zone != null
                && !(zone instanceof String z && ZoneId.getAvailableZoneIds().contains(z))) {
            problems.add(
                    "'timezone' must be an IANA time zone id such as 'Europe/Berlin' or 'UTC', not '"
                            + zone
                            + "'");
        }
        Object parameters = s.get("parameters");
        if (parameters != null && !(parameters instanceof Map)) {
            problems.add("'parameters' must be a JSON object");
        }
        return problems;
    }

    /** Why {@code value} is not a Quartz cron expression, or {@code null} when it is one. */
    static String cronProblem(Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            return "'cron' must be a Quartz cron expression such as '0 0/5 * * * ?'";
        }
        String cron = normalise(text);
        if (cron.length() > 200 || !CRON_CHARACTERS.matcher(cron).matches()) {
            return "'cron' may only hold digits, letters, spaces and * ? / , - #";
        }
        int fields = cron.split(" ").length;
        if (fields < 6 || fields > 7) {
            return "'cron' has "
                    + fields
                    + " field(s); a Quartz cron expression has 6 or 7: seconds minutes hours"
                    + " day-of-month month day-of-week [year], e.g. '0 0/5 * * * ?'";
        }
        try {
            CronExpression parsed = new CronExpression(cron);
            if (parsed.getNextValidTimeAfter(new java.util.Date()) == null) {
                return "'cron' never fires again: '" + cron + "'";
            }
            return null;
        } catch (ParseException e) {
            return "'cron' is not a valid Quartz cron expression: "
                    + e.getMessage()
                    + " (at character "
                    + (e.getErrorOffset() + 1)
                    + " of '"
                    + cron
                    + "'; day-of-month or day-of-week must be '?')";
        }
    }

    /** One space between fields, none around: the text the schedule is compiled from. */
    static String normalise(String cron) {
        return cron.strip().replaceAll("\\s+", " ");
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        return List.of();
    }

    @Override
    public List<Map<String, Object>> routes(
            Workflow workflow, Workflow.Node node, String routeIdPrefix) {
        Map<String, Object> s = node.settings();
        String cron = normalise((String) s.get("cron"));
        String zone = s.get("timezone") instanceof String z ? z : DEFAULT_ZONE;
        Object parameters = s.get("parameters") instanceof Map<?, ?> p ? p : Map.of();
        List<Object> steps = new ArrayList<>();
        steps.add(
                Map.of("setProperty", Steps.ordered("name", WORKFLOW, "constant", workflow.id())));
        steps.add(Map.of("setProperty", Steps.ordered("name", NODE, "constant", node.id())));
        steps.add(
                Map.of(
                        "setProperty",
                        Steps.ordered("name", PARAMETERS, "constant", Jq.literal(parameters))));
        steps.add(Map.of("process", Map.of("ref", FIRED)));
        return List.of(
                Map.of(
                        "route",
                        Steps.ordered(
                                "id",
                                routeIdPrefix + "-schedule",
                                "description",
                                "Schedule '" + cron + "' (" + zone + ")",
                                "from",
                                Steps.ordered(
                                        // Quartz group and trigger name: the route group and the
                                        // node id, both already restricted to [A-Za-z0-9_-]
                                        "uri",
                                        "quartz:wf-" + workflow.id() + "/" + node.id(),
                                        "parameters",
                                        Steps.ordered(
                                                "cron", cron,
                                                "trigger.timeZone", zone,
                                                // stopping the route (undeploy) unschedules it
                                                "deleteJob", true),
                                        "steps",
                                        steps))));
    }
}
