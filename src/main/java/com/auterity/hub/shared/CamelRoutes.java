package com.auterity.hub.shared;

import java.util.Collection;
import org.apache.camel.CamelContext;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;

/**
 * Adding loaded route builders (YAML files, compiled workflows) to Camel the way Camel's loader
 * does.
 */
public final class CamelRoutes {

    private CamelRoutes() {}

    /**
     * Adds the route configurations of all builders first, then their routes, so a route finds the
     * {@code routeConfigurationId} it names even when the configuration comes later in the text.
     */
    public static void add(CamelContext camel, Collection<RoutesBuilder> builders)
            throws Exception {
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteConfigurationsBuilder configurations) {
                configurations.addRouteConfigurationsToCamelContext(camel);
            }
        }
        for (RoutesBuilder builder : builders) {
            builder.addRoutesToCamelContext(camel);
        }
    }
}
