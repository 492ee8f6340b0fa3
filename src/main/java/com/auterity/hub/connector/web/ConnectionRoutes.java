package com.auterity.hub.connector.web;

import static com.auterity.hub.gateway.ApiRoutes.reply;
import static com.auterity.hub.gateway.ApiRoutes.secured;

import com.auterity.hub.connector.ConnectionManagement;
import com.auterity.hub.connector.ConnectionManagement.ConnectionRequest;
import com.auterity.hub.connector.ConnectionManagement.ConnectionView;
import com.auterity.hub.gateway.ApiRoutes;
import com.auterity.hub.gateway.Query;
import com.auterity.hub.security.CurrentUser;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code /api/v1/integrations/connections}: the Integration Controller (the seed's {@code
 * establish_connection}). Reads take VIEWER, writes and tests DEVELOPER.
 */
@Component
class ConnectionRoutes extends RouteBuilder {

    private final ConnectionManagement connections;

    ConnectionRoutes(ConnectionManagement connections) {
        this.connections = connections;
    }

    @Override
    public void configure() {
        secured(rest("/integrations/connections"))
                .description("Connections to external systems, each for a connector")
                .post()
                .id("rest-connection-create")
                .description(
                        "Validate, test (a real round trip) and store a connection; 201 with the"
                                + " test result, 422 CONNECTION_TEST_FAILED when the test fails;"
                                + " ?test=false stores it untested")
                .type(ConnectionRequest.class)
                .outType(ConnectionView.class)
                .to("direct:connection-create")
                .get()
                .id("rest-connection-list")
                .description("Every connection, secrets masked")
                .outType(ConnectionView[].class)
                .to("direct:connection-list")
                .get("/{id}")
                .id("rest-connection-get")
                .description("One connection (by id or name), secrets masked")
                .outType(ConnectionView.class)
                .to("direct:connection-get")
                .put("/{id}")
                .id("rest-connection-update")
                .description(
                        "Replace a connection's name, connector and config; secrets sent replace"
                                + " the stored ones, those left out are kept; tested like a create")
                .type(ConnectionRequest.class)
                .outType(ConnectionView.class)
                .to("direct:connection-update")
                .delete("/{id}")
                .id("rest-connection-delete")
                .description("Delete a connection")
                .to("direct:connection-delete")
                .post("/{id}/test")
                .id("rest-connection-test")
                .description(
                        "Test a stored connection again: 200 with test.ok, latency_ms and the"
                                + " error; the outcome becomes its status")
                .outType(ConnectionView.class)
                .to("direct:connection-test");

        api(
                "connection-create",
                "Creates a connection",
                e ->
                        reply(
                                e,
                                201,
                                connections.create(
                                        e.getMessage().getBody(ConnectionRequest.class),
                                        caller(e),
                                        test(e))));
        api("connection-list", "Lists connections", e -> reply(e, 200, connections.list()));
        api("connection-get", "Reads a connection", e -> reply(e, 200, connections.get(id(e))));
        api(
                "connection-update",
                "Updates a connection",
                e ->
                        reply(
                                e,
                                200,
                                connections.update(
                                        id(e),
                                        e.getMessage().getBody(ConnectionRequest.class),
                                        caller(e),
                                        test(e))));
        api(
                "connection-delete",
                "Deletes a connection",
                e -> {
                    connections.delete(id(e));
                    reply(e, 204, null);
                });
        api("connection-test", "Tests a connection", e -> reply(e, 200, connections.test(id(e))));
    }

    private void api(String id, String description, Processor processor) {
        from("direct:" + id)
                .routeId(id)
                .routeDescription(description)
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(processor);
    }

    private static boolean test(Exchange e) {
        return !"false".equals(Query.of(e).get("test"));
    }

    private static String id(Exchange e) {
        return e.getMessage().getHeader("id", String.class);
    }

    private static String caller(Exchange e) {
        return CurrentUser.nameOf(e);
    }
}
