package com.auterity.hub.route.web;

import static com.auterity.hub.gateway.ApiRoutes.reply;
import static com.auterity.hub.gateway.ApiRoutes.secured;

import com.auterity.hub.gateway.ApiRoutes;
import com.auterity.hub.route.internal.RouteFiles;
import com.auterity.hub.route.internal.RouteInventory;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code /api/v1/routes}: the route inventory and the state of the route files. */
@Component
class RouteInventoryRoutes extends RouteBuilder {

    private final RouteInventory inventory;
    private final RouteFiles files;

    RouteInventoryRoutes(RouteInventory inventory, RouteFiles files) {
        this.inventory = inventory;
        this.files = files;
    }

    @Override
    public void configure() {
        secured(rest("/routes"))
                .description("The Camel routes of the hub")
                .get()
                .id("rest-route-list")
                .description("Every Camel route: id, group, source, status and exchange statistics")
                .outType(RouteInventory.RouteInfo[].class)
                .to("direct:route-list")
                .get("/files")
                .id("rest-route-file-list")
                .description(
                        "The files of routes/ and whether each was loaded, with the error if not")
                .outType(RouteFiles.FileStatus[].class)
                .to("direct:route-file-list");

        from("direct:route-list")
                .routeId("route-list")
                .routeDescription("Lists every Camel route with its statistics")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(e -> reply(e, 200, inventory.list()));

        from("direct:route-file-list")
                .routeId("route-file-list")
                .routeDescription("Lists the route files and their load status")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(e -> reply(e, 200, files.statuses()));
    }
}
