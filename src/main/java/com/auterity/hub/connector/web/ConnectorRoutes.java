package com.auterity.hub.connector.web;

import static com.auterity.hub.gateway.ApiRoutes.reply;
import static com.auterity.hub.gateway.ApiRoutes.secured;

import com.auterity.hub.connector.Connector;
import com.auterity.hub.connector.ConnectorCatalogue;
import com.auterity.hub.gateway.ApiRoutes;
import com.auterity.hub.gateway.Query;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code /api/v1/connectors}: the connector catalogue. */
@Component
class ConnectorRoutes extends RouteBuilder {

    private final ConnectorCatalogue catalogue;

    ConnectorRoutes(ConnectorCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public void configure() {
        secured(rest("/connectors"))
                .description("Connectors: the hub's Kamelets, then the Camel Kamelet catalogue")
                .get()
                .id("rest-connector-list")
                .description(
                        "Every connector with its type, title, description, property schema and"
                                + " source (hub or camel-catalogue); query: type, source")
                .outType(Connector[].class)
                .to("direct:connector-list")
                .get("/{id}")
                .id("rest-connector-get")
                .description("One connector, by its name")
                .outType(Connector.class)
                .to("direct:connector-get");

        api(
                "connector-list",
                "Lists connectors",
                e -> {
                    Query q = Query.of(e);
                    String type = q.get("type");
                    String source = q.get("source");
                    reply(
                            e,
                            200,
                            catalogue.list().stream()
                                    .filter(c -> type == null || type.equals(c.type()))
                                    .filter(c -> source == null || source.equals(c.source()))
                                    .toList());
                });
        api(
                "connector-get",
                "Reads a connector",
                e -> reply(e, 200, catalogue.get(e.getMessage().getHeader("id", String.class))));
    }

    private void api(String id, String description, Processor processor) {
        from("direct:" + id)
                .routeId(id)
                .routeDescription(description)
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(processor);
    }
}
