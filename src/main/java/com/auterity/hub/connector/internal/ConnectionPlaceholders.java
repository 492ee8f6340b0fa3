package com.auterity.hub.connector.internal;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesFunction;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * The property function {@code {{connection:<name>/<property>}}}: a connection's value, resolved
 * when Camel creates the endpoint (a workflow's deploy), never written into the route's text. The
 * value comes as a raw value ({@code RAW(...)}), as it is meant for an endpoint URI's query (the
 * connector node's {@code kamelet:} URI), which Camel passes on verbatim: a password with {@code
 * &}, {@code #}, {@code +} or {@code %} arrives whole.
 */
@Component
class ConnectionPlaceholders implements PropertiesFunction, CamelContextConfiguration {

    static final String NAME = "connection";

    private final ConnectionService connections;

    ConnectionPlaceholders(ConnectionService connections) {
        this.connections = connections;
    }

    /** The placeholder for one property of a connection. */
    static String placeholder(String connection, String property) {
        return "{{" + NAME + ":" + connection + "/" + property + "}}";
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String apply(String remainder) {
        int slash = remainder.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(
                    "{{connection:" + remainder + "}} must name <connection>/<property>");
        }
        String name = remainder.substring(0, slash);
        String property = remainder.substring(slash + 1);
        ConnectionService.Resolved connection =
                connections
                        .resolve(name)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "Connection '" + name + "' does not exist"));
        String value = connection.value(property);
        if (value == null) {
            throw new IllegalArgumentException(
                    "Connection '" + name + "' has no property '" + property + "'");
        }
        String raw = PropertyRules.raw(value);
        if (raw == null) {
            throw new IllegalArgumentException(
                    "Connection '" + name + "': '" + property + "' holds both ')' and '}'");
        }
        return raw;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        camel.getPropertiesComponent().addPropertiesFunction(this);
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {}
}
