package com.auterity.hub.workflow.internal;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.springframework.stereotype.Component;

/**
 * Camel's per-route Prometheus metrics ({@code camel_exchanges_total}, {@code
 * camel_route_policy_seconds}...) for every route but the node routes of workflows: a workflow is
 * metered at its entry route {@code wf-<id>}, its nodes in the execution records. Metering each
 * node route would cost every node of every execution a timer and counters, and give Prometheus a
 * series per node of every workflow (up to 1000 nodes each). Replaces the route policy of
 * camel-micrometer's starter ({@code camel.metrics.enable-route-policy=false}).
 */
@Component
class WorkflowRouteMetrics extends MicrometerRoutePolicyFactory {

    WorkflowRouteMetrics(MeterRegistry registry) {
        setMeterRegistry(registry);
    }

    @Override
    public RoutePolicy createRoutePolicy(
            CamelContext camelContext, String routeId, NamedNode route) {
        return isNodeRoute(routeId, route)
                ? null
                : super.createRoutePolicy(camelContext, routeId, route);
    }

    /** A route of a workflow's group other than the workflow's entry route. */
    static boolean isNodeRoute(String routeId, NamedNode route) {
        String group = route instanceof RouteDefinition definition ? definition.getGroup() : null;
        return group != null
                && group.startsWith(WorkflowCompiler.group(""))
                && !group.equals(routeId);
    }
}
