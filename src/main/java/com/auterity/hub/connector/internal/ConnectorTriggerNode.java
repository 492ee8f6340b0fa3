package com.auterity.hub.connector.internal;

import com.auterity.hub.connector.Connector;
import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Source connectors as workflow triggers: a node whose type is a source's name ({@code
 * rabbitmq-source}, {@code mqtt-source}, {@code kafka-source}...) starts an execution for each
 * message the source receives, with the message as input (its JSON, else its text). Settings as for
 * {@link ConnectorNode}: {@code connection} and the source's properties ({@code queue}, {@code
 * topic}), validated against its schema when the workflow is saved. The node adds one route of its
 * own, {@code from: kamelet:<name>-source?...}, with the connection's values as {@code
 * {{connection:...}}} placeholders (no secret in the text); the message's headers are dropped
 * before anything reads it. An execution that cannot be recorded fails the message back to the
 * source (the queue's or broker's redelivery rules apply); a failing execution is the workflow's
 * own failure.
 */
@Component
class ConnectorTriggerNode implements NodeType {

    private final ConnectorNode connectors;
    private final List<String> types;

    ConnectorTriggerNode(ConnectorNode connectors, KameletCatalogue catalogue) {
        this.connectors = connectors;
        this.types =
                catalogue.list().stream()
                        .filter(connectors::usableSource)
                        .map(Connector::name)
                        .toList();
    }

    @Override
    public List<String> types() {
        return types;
    }

    @Override
    public boolean trigger() {
        return true;
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put(
                "description",
                "A source connector that starts the workflow with each message it receives (GET"
                        + " /api/v1/connectors/{name} gives its properties): 'connection' names a"
                        + " connection that fills the connector's properties, secrets included;"
                        + " the other settings are the connector's properties");
        schema.put(
                "properties",
                Map.of(
                        "connection",
                        Map.of("type", "string", "description", "a connection's name")));
        return schema;
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        return connectors.plan(node, true).problems();
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        return List.of();
    }

    @Override
    public List<Map<String, Object>> routes(
            Workflow workflow, Workflow.Node node, String routeIdPrefix) {
        ConnectorNode.Plan plan = connectors.plan(node, true);
        List<Object> steps =
                List.of(
                        // nothing of the broker's or the sender's headers goes further
                        Map.of("removeHeaders", Map.of("pattern", "*")),
                        Map.of("convertBodyTo", Map.of("type", "java.lang.String")),
                        Map.of(
                                "setProperty",
                                ordered(
                                        "name",
                                        ConnectorTriggered.WORKFLOW,
                                        "constant",
                                        workflow.id())),
                        Map.of(
                                "setProperty",
                                ordered(
                                        "name",
                                        ConnectorTriggered.CONNECTOR,
                                        "constant",
                                        plan.connector().name())),
                        Map.of("process", Map.of("ref", ConnectorTriggered.NAME)));
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("id", routeIdPrefix + "-hook");
        route.put(
                "description",
                "Trigger: each message of connector "
                        + plan.connector().name()
                        + (plan.connection() == null
                                ? ""
                                : " (connection " + plan.connection().name() + ")")
                        + " starts workflow "
                        + workflow.id());
        route.put("from", ordered("uri", ConnectorNode.uri(plan), "steps", steps));
        return List.of(Map.of("route", route));
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
