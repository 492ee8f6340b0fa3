package com.auterity.hub.connector.internal;

import com.auterity.hub.connector.Connector;
import com.auterity.hub.connector.ConnectorProperties;
import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Workflow nodes that run a connector (a sink or an action Kamelet): a node whose type is the
 * connector's name, the generic {@code connector} node ({@code connector} names it), or one of the
 * studio's types {@code database} (the action of the connection's database), {@code postgresql},
 * {@code slack}, {@code email} and {@code redis} ({@code api-call} is the workflow module's
 * http-request node). Settings: {@code connection} (a connection's name, whose values fill the
 * connector's properties) and the connector's other properties, validated against its schema when
 * the workflow is saved; a secret can only come from a connection.
 *
 * <p>The node compiles to one {@code kamelet:} endpoint URI built here from validated values, each
 * a raw value ({@code RAW(...)}) that Camel passes on verbatim, and, for each property the
 * connection sets, the placeholder {@code {{connection:<name>/<property>}}}, which Camel resolves
 * when it deploys the route: the compiled text holds no secret. The message goes to the Kamelet as
 * JSON with no header; an action's answer (JSON, else text) becomes the message, a sink leaves the
 * message as it was.
 *
 * <p>Named node types are the hub's connectors at start-up (the {@code connector} type reaches one
 * added later at once), and those of the Camel catalogue listed in {@code
 * hub.connector.workflow-catalogue}.
 */
@Component
class ConnectorNode implements NodeType {

    static final String GENERIC = "connector";

    /** The studio's node types and the connector each stands for by default. */
    private static final Map<String, String> STUDIO =
            Map.of(
                    "database", "",
                    "postgresql", "postgresql-action",
                    "slack", "slack-sink",
                    "email", "mail-sink",
                    "redis", "redis-action");

    /** Settings of every node that are not connector properties (FailurePolicy's, ours). */
    private static final Set<String> NOT_PROPERTIES =
            Set.of("connector", "connection", "retry", "onError", "timeout", "description");

    static final String INPUT = "hubConnectorInput";

    private final KameletCatalogue catalogue;
    private final ConnectionService connections;
    private final ConnectorProperties properties;
    private final List<String> types;

    ConnectorNode(
            KameletCatalogue catalogue,
            ConnectionService connections,
            ConnectorProperties properties) {
        this.catalogue = catalogue;
        this.connections = connections;
        this.properties = properties;
        Set<String> names = new LinkedHashSet<>();
        names.add(GENERIC);
        names.addAll(STUDIO.keySet());
        catalogue.list().stream().filter(this::usable).map(Connector::name).forEach(names::add);
        this.types = List.copyOf(names);
    }

    @Override
    public List<String> types() {
        return types;
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put(
                "description",
                "A connector (GET /api/v1/connectors/{name} gives its properties): 'connection'"
                        + " names a connection that fills the connector's properties, secrets"
                        + " included; the other settings are the connector's properties");
        schema.put(
                "properties",
                Map.of(
                        "connector",
                        Map.of(
                                "type",
                                "string",
                                "description",
                                "the connector's name (for the 'connector' type)"),
                        "connection",
                        Map.of("type", "string", "description", "a connection's name")));
        return schema;
    }

    /** Sinks and actions of the hub, and the catalogue's that the configuration lets in. */
    private boolean usable(Connector connector) {
        return ("sink".equals(connector.type()) || "action".equals(connector.type()))
                && (connector.hub() || properties.workflowCatalogue().contains(connector.name()));
    }

    record Plan(
            Connector connector,
            ConnectionService.Resolved connection,
            Map<String, Object> values,
            List<String> problems) {}

    @Override
    public List<String> validate(Workflow.Node node) {
        return plan(node).problems();
    }

    private Plan plan(Workflow.Node node) {
        return plan(node, false);
    }

    /** Sources of the hub, and the catalogue's that the configuration lets in. */
    boolean usableSource(Connector connector) {
        return "source".equals(connector.type())
                && (connector.hub() || properties.workflowCatalogue().contains(connector.name()));
    }

    /**
     * The connector, connection and validated values of a node, with its problems; for a {@code
     * trigger} the connector must be a source, else a sink or an action.
     */
    Plan plan(Workflow.Node node, boolean trigger) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> settings = node.settings();
        ConnectionService.Resolved connection = null;
        if (settings.get("connection") != null) {
            if (!(settings.get("connection") instanceof String name)) {
                problems.add("'connection' must be a connection's name");
            } else {
                connection = connections.resolve(name).orElse(null);
                if (connection == null) {
                    problems.add(
                            "connection '"
                                    + name
                                    + "' does not exist (see GET /api/v1/integrations/connections)");
                }
            }
        }
        String name = connectorName(node, connection);
        if (name == null) {
            problems.add(
                    "database".equals(node.type())
                            ? "a database node needs a 'connection' (or a 'connector')"
                            : "'connector' must name a connector (see GET /api/v1/connectors)");
            return new Plan(null, connection, Map.of(), problems);
        }
        Optional<Connector> found = catalogue.find(name);
        if (found.isEmpty()) {
            problems.add("unknown connector '" + name + "' (see GET /api/v1/connectors)");
            return new Plan(null, connection, Map.of(), problems);
        }
        Connector connector = found.get();
        if (trigger && !usableSource(connector)) {
            problems.add(
                    "connector '"
                            + name
                            + "' is not a source of the hub's (or allowed by"
                            + " hub.connector.workflow-catalogue): it cannot start a workflow");
            return new Plan(connector, connection, Map.of(), problems);
        }
        if (!trigger && !usable(connector)) {
            problems.add(
                    "source".equals(connector.type())
                            ? "connector '" + name + "' is a source: it cannot be a workflow step"
                            : "connector '"
                                    + name
                                    + "' of the Camel catalogue is not allowed in workflows"
                                    + " (hub.connector.workflow-catalogue)");
            return new Plan(connector, connection, Map.of(), problems);
        }
        Map<String, Map<String, Object>> defined = connector.properties();
        if (connection != null) {
            for (String property : connection.properties()) {
                if (!defined.containsKey(property)) {
                    problems.add(
                            "connection '"
                                    + connection.name()
                                    + "' (for "
                                    + connection.connector().name()
                                    + ") sets '"
                                    + property
                                    + "', which connector '"
                                    + name
                                    + "' does not have");
                }
            }
        }
        Map<String, Object> values = new TreeMap<>();
        settings.forEach(
                (key, value) -> {
                    if (NOT_PROPERTIES.contains(key)) {
                        return;
                    }
                    Map<String, Object> property = defined.get(key);
                    if (property == null) {
                        problems.add(
                                "connector '"
                                        + name
                                        + "' has no property '"
                                        + key
                                        + "'; it has "
                                        + defined.keySet());
                    } else if (connector.secret(key)) {
                        problems.add(
                                "'" + key + "' is a secret: it can only come from a connection");
                    } else if (connection_sets(settings, key)) {
                        problems.add(
                                "'"
                                        + key
                                        + "' comes from connection '"
                                        + settings.get("connection")
                                        + "'");
                    } else if (value != null) {
                        String problem = PropertyRules.problem(property, value);
                        if (problem != null) {
                            problems.add("'" + key + "' " + problem);
                        } else {
                            values.put(key, value);
                        }
                    }
                });
        for (String required : connector.required()) {
            boolean fromConnection =
                    connection != null && connection.properties().contains(required);
            if (!values.containsKey(required)
                    && !fromConnection
                    && PropertyRules.defaultText(connector, required) == null) {
                problems.add(
                        "'"
                                + required
                                + "' is required by connector '"
                                + name
                                + "'"
                                + (connector.secret(required) ? " (from a connection)" : ""));
            }
        }
        return new Plan(connector, connection, values, problems);
    }

    private boolean connection_sets(Map<String, Object> settings, String key) {
        return settings.get("connection") instanceof String name
                && connections.resolve(name).map(c -> c.properties().contains(key)).orElse(false);
    }

    private String connectorName(Workflow.Node node, ConnectionService.Resolved connection) {
        Object explicit = node.settings().get("connector");
        if (explicit != null) {
            return explicit instanceof String s && !s.isBlank() ? s : null;
        }
        if (GENERIC.equals(node.type())) {
            return null;
        }
        String studio = STUDIO.get(node.type());
        if (studio == null) {
            return node.type();
        }
        if (!studio.isEmpty()) {
            return studio;
        }
        // database: the query action of the connection's database, whichever it is
        if (connection == null) {
            return null;
        }
        String family = connection.connector().name().replaceAll("-(sink|source|action)$", "");
        return family + "-action";
    }

    /**
     * The {@code kamelet:} URI of a valid plan: its values raw, the connection's properties as
     * {@code {{connection:...}}} placeholders.
     */
    static String uri(Plan plan) {
        Connector connector = plan.connector();
        StringBuilder uri = new StringBuilder("kamelet:").append(connector.name());
        char separator = '?';
        for (Map.Entry<String, Object> value : plan.values().entrySet()) {
            uri.append(separator)
                    .append(value.getKey())
                    .append('=')
                    .append(PropertyRules.raw(String.valueOf(value.getValue())));
            separator = '&';
        }
        if (plan.connection() != null) {
            for (String property : new java.util.TreeSet<>(plan.connection().properties())) {
                uri.append(separator)
                        .append(property)
                        .append('=')
                        .append(
                                ConnectionPlaceholders.placeholder(
                                        plan.connection().name(), property));
                separator = '&';
            }
        }
        return uri.toString();
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        Plan plan = plan(node);
        Connector connector = plan.connector();
        String uri = uri(plan);
        boolean sink = "sink".equals(connector.type());
        List<Map<String, Object>> steps = new ArrayList<>();
        if (sink) {
            steps.add(Map.of("setProperty", ordered("name", INPUT, "simple", "${body}")));
        }
        steps.add(Map.of("removeHeaders", Map.of("pattern", "*")));
        steps.add(Map.of("marshal", Map.of("json", Map.of("library", "Jackson"))));
        steps.add(Map.of("to", Map.of("uri", uri)));
        if (sink) {
            steps.add(Map.of("setBody", Map.of("simple", "${exchangeProperty." + INPUT + "}")));
            steps.add(Map.of("removeProperty", Map.of("name", INPUT)));
            steps.add(Map.of("removeHeaders", Map.of("pattern", "*")));
        } else {
            steps.add(Map.of("process", Map.of("ref", ConnectorResult.NAME)));
        }
        return steps;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
