package com.auterity.hub.connector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * A connector: one Kamelet, from the hub's {@code connectors/} folder or the Camel Kamelet
 * catalogue.
 *
 * @param name the Kamelet's name, e.g. {@code postgresql-sink}
 * @param type {@code source}, {@code sink} or {@code action}
 * @param title short display name
 * @param description what it does
 * @param source {@value #HUB} for the hub's own, {@value #CATALOGUE} for the Camel catalogue's
 * @param schema the JSON schema of its properties ({@code type}, {@code required}, {@code
 *     properties})
 * @param connectionTest how the Integration Controller tests a connection to it: a target such as
 *     {@code jdbc:postgresql://{{serverName}}:{{serverPort}}/{{databaseName}}}, or {@code null}
 */
public record Connector(
        String name,
        String type,
        String title,
        String description,
        String source,
        Map<String, Object> schema,
        @JsonIgnore String connectionTest) {

    public static final String HUB = "hub";
    public static final String CATALOGUE = "camel-catalogue";

    /** JSON-schema {@code format} of a secret property. */
    public static final String PASSWORD = "password";

    /**
     * Marks a property that a workflow node sets for each use (a query, a topic), so a connection
     * need not carry it even when it is required.
     */
    public static final String OPERATION = "x-operation";

    /** The definition of each property, by name. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> properties() {
        Object properties = schema.get("properties");
        return properties instanceof Map<?, ?> map
                ? (Map<String, Map<String, Object>>) map
                : Map.of();
    }

    /** The names of the required properties. */
    @SuppressWarnings("unchecked")
    public List<String> required() {
        return schema.get("required") instanceof List<?> list ? (List<String>) list : List.of();
    }

    /** Whether {@code property} holds a secret ({@code format: password}). */
    public boolean secret(String property) {
        return PASSWORD.equals(properties().getOrDefault(property, Map.of()).get("format"));
    }

    /** Whether {@code property} is set per use by a workflow node. */
    public boolean operation(String property) {
        return Boolean.TRUE.equals(properties().getOrDefault(property, Map.of()).get(OPERATION));
    }

    public boolean hub() {
        return HUB.equals(source);
    }
}
