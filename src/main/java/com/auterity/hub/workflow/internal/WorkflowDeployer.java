package com.auterity.hub.workflow.internal;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.stereotype.Component;

/**
 * Puts compiled workflows into Camel through its routes loader, as route group {@code wf-<id>}. A
 * redeploy parses the new text first, then replaces the whole group, so a text that does not load
 * leaves the running version untouched.
 */
@Component
class WorkflowDeployer {

    private final CamelContext camel;

    WorkflowDeployer(CamelContext camel) {
        this.camel = camel;
    }

    synchronized void deploy(String workflowId, String yaml) throws Exception {
        var resource = ResourceHelper.fromString("workflow-" + workflowId + ".camel.yaml", yaml);
        List<RoutesBuilder> builders =
                List.copyOf(PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource));
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteBuilder routes) {
                routes.configureRoutes(
                        camel); // parses now: a broken text fails before anything is removed
            }
        }
        undeploy(workflowId);
        for (RoutesBuilder builder : builders) {
            builder.addRoutesToCamelContext(camel);
        }
    }

    synchronized void undeploy(String workflowId) throws Exception {
        String group = WorkflowCompiler.group(workflowId);
        for (Route route : List.copyOf(camel.getRoutes())) {
            if (group.equals(route.getGroup())) {
                camel.getRouteController().stopRoute(route.getRouteId());
                camel.removeRoute(route.getRouteId());
            }
        }
    }

    List<String> deployedRoutes(String workflowId) {
        String group = WorkflowCompiler.group(workflowId);
        return camel.getRoutes().stream()
                .filter(r -> group.equals(r.getGroup()))
                .map(Route::getRouteId)
                .sorted()
                .toList();
    }
}
