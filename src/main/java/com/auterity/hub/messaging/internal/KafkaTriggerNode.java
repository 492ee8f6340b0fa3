package com.auterity.hub.messaging.internal;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The {@code kafka} trigger: each message of {@code topic} starts an execution of the workflow,
 * with the message's JSON body as input. The node adds a {@code kafka:} consumer route of its own
 * (consumer group {@code group}, by default {@code wf-<workflow id>}), built here from validated
 * names only; the offset is committed once the execution is recorded, and a redelivered message
 * starts no second execution (the execution's id derives from the group and the message's
 * coordinates). A message that cannot be recorded after the retries goes to {@code <topic>.dlq}; a
 * failing execution is the workflow's own failure (its dead letters, its retry).
 */
@Component
class KafkaTriggerNode implements NodeType {

    /** The processor that turns a consumed message into an execution. */
    static final String TRIGGERED = "hubKafkaTriggered";

    @Override
    public List<String> types() {
        return List.of("kafka", "kafka-trigger");
    }

    @Override
    public boolean trigger() {
        return true;
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("required", List.of("topic"));
        schema.put(
                "properties",
                Map.of(
                        "topic",
                        Map.of(
                                "type", "string",
                                "pattern", Names.NAME.pattern(),
                                "description", "the topic whose messages start the workflow"),
                        "group",
                        Map.of(
                                "type", "string",
                                "pattern", Names.NAME.pattern(),
                                "description",
                                        "the Kafka consumer group (default wf-<workflow id>)")));
        return schema;
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        List<String> problems = new ArrayList<>();
        Object topic = node.settings().get("topic");
        if (!(topic instanceof String t) || !Names.NAME.matcher(t).matches()) {
            problems.add(
                    "'topic' must be 1-200 letters, digits, '.', '_' or '-', starting with a letter or digit");
        } else if (t.endsWith(Names.DLQ)) {
            problems.add("'topic' must not be a dead-letter topic (ending in '.dlq')");
        }
        Object group = node.settings().get("group");
        if (group != null && (!(group instanceof String g) || !Names.NAME.matcher(g).matches())) {
            problems.add(
                    "'group' must be 1-200 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return problems;
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        return List.of();
    }

    @Override
    public List<Map<String, Object>> routes(
            Workflow workflow, Workflow.Node node, String routeIdPrefix) {
        String topic = (String) node.settings().get("topic");
        String group = node.settings().get("group") instanceof String g ? g : "wf-" + workflow.id();
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (String option : ConsumerRoutes.options(group).split("&")) {
            int eq = option.indexOf('=');
            parameters.put(option.substring(0, eq), option.substring(eq + 1));
        }
        List<Object> steps =
                List.of(
                        property(Headers.TOPIC, topic),
                        property(Headers.CONSUMER, group),
                        property(Headers.WORKFLOW, workflow.id()),
                        property(Headers.START_NODE, node.id()),
                        Map.of("process", Map.of("ref", ConsumerRoutes.RECEIVED)),
                        Map.of("process", Map.of("ref", TRIGGERED)),
                        Map.of("process", Map.of("ref", ConsumerRoutes.COMMIT)));
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("uri", "kafka:" + topic);
        from.put("parameters", parameters);
        from.put("steps", steps);
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("id", routeIdPrefix + "-hook-kafka");
        route.put("description", "Kafka trigger: topic " + topic + ", consumer group " + group);
        route.put("routeConfigurationId", ConsumerRoutes.ERRORS);
        route.put("from", from);
        return List.of(Map.of("route", route));
    }

    private static Map<String, Object> property(String name, String value) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("name", name);
        set.put("constant", value);
        return Map.of("setProperty", set);
    }
}
