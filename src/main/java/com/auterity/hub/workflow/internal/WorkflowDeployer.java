package com.auterity.hub.workflow.internal;

import com.auterity.hub.shared.CamelRoutes;
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
        var loader = PluginHelper.getRoutesLoader(camel);
        // parse once to check: a broken text fails before anything is removed. The routes are
        // then added from a fresh parse, as a configured builder no longer picks up its route
        // configurations.
        for (RoutesBuilder builder : loader.findRoutesBuilders(resource)) {
            if (builder instanceof RouteBuilder routes) {
                routes.configureRoutes(camel);
            }
        }
        List<RoutesBuilder> builders = List.copyOf(loader.findRoutesBuilders(resource));
        undeploy(workflowId);
        CamelRoutes.add(camel, builders);
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
