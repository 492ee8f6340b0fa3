package com.auterity.hub.workflow.internal;

import com.auterity.hub.shared.CamelRoutes;
import com.auterity.hub.shared.ServiceError;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedProcessorMBean;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.EndpointHelper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Puts compiled workflows into Camel through its routes loader, as route group {@code wf-<id>}. A
 * redeploy parses the new text first, then replaces the whole group, so a text that does not load
 * leaves the running version untouched.
 */
@Component
class WorkflowDeployer {

    private final CamelContext camel;
    private final Map<String, Deployed> deployed = new ConcurrentHashMap<>();

    /**
     * A deployed workflow: its version and its entry route's endpoint, which runs are sent to
     * without resolving the route's URI again.
     */
    record Deployed(int version, Endpoint entry) {}

    private final ObjectProvider<CamelRequestHandlerMapping> mappings;

    WorkflowDeployer(CamelContext camel, ObjectProvider<CamelRequestHandlerMapping> mappings) {
        this.camel = camel;
        this.mappings = mappings;
    }

    synchronized void deploy(String workflowId, int version, String yaml) throws Exception {
        var resource = ResourceHelper.fromString("workflow-" + workflowId + ".camel.yaml", yaml);
        var loader = PluginHelper.getRoutesLoader(camel);
        // parse once to check: a broken text fails before anything is removed. The routes are
        // then added from a fresh parse, as a configured builder no longer picks up its route
        // configurations.
        String group = WorkflowCompiler.group(workflowId);
        for (RoutesBuilder builder : loader.findRoutesBuilders(resource)) {
            if (builder instanceof RouteBuilder routes) {
                for (RouteDefinition route : routes.configureRoutes(camel).getRoutes()) {
                    checkConsumerFree(route.getInput().getEndpointUri(), group);
                }
            }
        }
        List<RoutesBuilder> builders = List.copyOf(loader.findRoutesBuilders(resource));
        undeploy(workflowId);
        CamelRoutes.add(camel, builders);
        withoutProcessorStatistics(workflowId);
        deployed.put(workflowId, new Deployed(version, camel.getRoute(group).getEndpoint()));
    }

    /**
     * The node routes of a workflow keep their route statistics in JMX (Hawtio shows each node as a
     * route, with its exchanges and processing times) but not those of the processors inside them:
     * they would time each step of the recorder and the error handler of every node of every
     * execution, figures that the execution records already hold per node.
     */
    private void withoutProcessorStatistics(String workflowId) throws Exception {
        ManagedCamelContext managed =
                camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        if (managed == null) {
            return; // JMX is off
        }
        String entry = WorkflowCompiler.group(workflowId); // the entry route's id is the group's
        for (String routeId : deployedRoutes(workflowId)) {
            ManagedRouteMBean node = managed.getManagedRoute(routeId);
            if (routeId.equals(entry) || node == null) {
                continue;
            }
            for (String processor : node.processorIds()) {
                ManagedProcessorMBean stats = managed.getManagedProcessor(processor);
                if (stats != null) {
                    stats.setStatisticsEnabled(false);
                }
            }
        }
    }

    /**
     * Camel 4.17's platform-http on Spring Boot keeps a removed consumer's Spring MVC mapping (its
     * unregister does nothing), so a deleted webhook would answer 500: drop those mappings here.
     */
    private void forgetHttpMappings(List<String> paths) {
        CamelRequestHandlerMapping mapping = mappings.getIfAvailable();
        if (mapping == null || paths.isEmpty()) {
            return;
        }
        mapping.getHandlerMethods().keySet().stream()
                .filter(info -> info.getPatternValues().stream().anyMatch(paths::contains))
                .toList()
                .forEach(mapping::unregisterMapping);
    }

    /** A webhook path, say, that another workflow or route already listens on is refused. */
    private void checkConsumerFree(String uri, String group) {
        String wanted = EndpointHelper.normalizeEndpointUri(uri);
        for (Route route : camel.getRoutes()) {
            if (!group.equals(route.getGroup())
                    && wanted.equals(
                            EndpointHelper.normalizeEndpointUri(
                                    route.getEndpoint().getEndpointUri()))) {
                throw new ServiceError(
                        HttpStatus.CONFLICT,
                        "ENDPOINT_TAKEN",
                        "Another route already listens on this endpoint",
                        Map.of("endpoint", uri, "route", route.getRouteId()));
            }
        }
    }

    /** The deployed version of a workflow, or {@code null} when it is not deployed here. */
    Integer version(String workflowId) {
        Deployed workflow = deployed.get(workflowId);
        return workflow == null ? null : workflow.version();
    }

    /** The deployed workflow, or {@code null} when it is not deployed here. */
    Deployed deployed(String workflowId) {
        return deployed.get(workflowId);
    }

    synchronized void undeploy(String workflowId) throws Exception {
        deployed.remove(workflowId);
        List<String> paths = new java.util.ArrayList<>();
        String group = WorkflowCompiler.group(workflowId);
        for (Route route : List.copyOf(camel.getRoutes())) {
            if (group.equals(route.getGroup())) {
                if (route.getEndpoint() instanceof PlatformHttpEndpoint http) {
                    paths.add(http.getPath());
                }
                camel.getRouteController().stopRoute(route.getRouteId());
                camel.removeRoute(route.getRouteId());
            }
        }
        forgetHttpMappings(paths);
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
