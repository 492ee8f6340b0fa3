package com.auterity.hub.route.internal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.springframework.stereotype.Component;

/** Every route Camel runs, where it came from and how it has done. */
@Component
public class RouteInventory {

    /**
     * @param source {@code file} (from routes/), {@code workflow} (compiled from a workflow) or
     *     {@code built-in} (the hub's own)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RouteInfo(
            String id,
            String group,
            String description,
            String source,
            String location,
            String status,
            long exchangesTotal,
            long exchangesFailed,
            long meanProcessingTimeMs) {}

    private final CamelContext camel;

    RouteInventory(CamelContext camel) {
        this.camel = camel;
    }

    public List<RouteInfo> list() {
        ManagedCamelContext managed =
                camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        return camel.getRoutes().stream()
                .sorted(Comparator.comparing(Route::getRouteId))
                .map(
                        route ->
                                info(
                                        route,
                                        managed == null
                                                ? null
                                                : managed.getManagedRoute(route.getRouteId())))
                .toList();
    }

    private RouteInfo info(Route route, ManagedRouteMBean stats) {
        String location = route.getSourceLocationShort();
        return new RouteInfo(
                route.getRouteId(),
                route.getGroup(),
                route.getDescription(),
                source(route),
                location,
                camel.getRouteController().getRouteStatus(route.getRouteId()).name(),
                stats == null ? 0 : stats.getExchangesTotal(),
                stats == null ? 0 : stats.getExchangesFailed(),
                stats == null ? 0 : stats.getMeanProcessingTime());
    }

    private static String source(Route route) {
        if (route.getRouteId().startsWith("wf-")) {
            return "workflow";
        }
        String location = route.getSourceLocation();
        return location != null && location.startsWith("file:") ? "file" : "built-in";
    }
}
