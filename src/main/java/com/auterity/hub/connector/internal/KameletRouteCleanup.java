package com.auterity.hub.connector.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Navigate;
import org.apache.camel.Route;
import org.apache.camel.component.kamelet.Kamelet;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.processor.SendProcessor;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes the route a {@code kamelet:} endpoint made from its Kamelet once no route uses the
 * endpoint any more (sends to it, or, for a source, consumes from it). Camel 4.17 leaves such
 * routes behind when the route that called the Kamelet is removed, so every redeploy or delete of a
 * workflow with connector nodes would leak a route (and its pool or broker connection).
 */
@Component
class KameletRouteCleanup extends LifecycleStrategySupport implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KameletRouteCleanup.class);

    private CamelContext camel;

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // Camel Spring Boot registers this bean as a LifecycleStrategy by itself
        this.camel = camel;
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {}

    @Override
    public void onRoutesRemove(Collection<Route> removed) {
        if (camel == null) {
            return;
        }
        Set<String> orphans = new HashSet<>();
        removed.forEach(route -> orphans.addAll(kameletRoutes(route)));
        if (orphans.isEmpty()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        removed.forEach(route -> ids.add(route.getRouteId()));
        for (Route other : camel.getRoutes()) {
            if (!ids.contains(other.getRouteId())) {
                Set<String> used = kameletRoutes(other);
                // a Kamelet's route names itself (its kamelet:source endpoint)
                used.remove(other.getRouteId());
                orphans.removeAll(used);
            }
        }
        // after the removal at hand, not inside it
        for (String id : orphans) {
            Thread cleanup = new Thread(() -> remove(id), "hub-kamelet-cleanup");
            cleanup.setDaemon(true);
            cleanup.start();
        }
    }

    private void remove(String id) {
        Route route = camel.getRoute(id);
        if (route == null || !"true".equals(String.valueOf(route.getProperties().get("kamelet")))) {
            return;
        }
        try {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
            log.debug("Removed route {}, which its Kamelet's caller no longer uses", id);
        } catch (Exception e) {
            log.warn("Cannot remove the Kamelet route {}: {}", id, e.toString());
        }
    }

    /**
     * The routes that the kamelet: endpoints this route sends to, or consumes from (a workflow
     * trigger on a source connector), made from their Kamelets.
     */
    private static Set<String> kameletRoutes(Route route) {
        Set<String> ids = new HashSet<>();
        if (route.getEndpoint() instanceof KameletEndpoint kamelet) {
            add(kamelet, ids);
        }
        collect(route.navigate(), ids, 0);
        return ids;
    }

    private static void add(KameletEndpoint kamelet, Set<String> ids) {
        if (!Kamelet.SOURCE_ID.equals(kamelet.getTemplateId())
                && !Kamelet.SINK_ID.equals(kamelet.getTemplateId())
                && kamelet.getRouteId() != null) {
            ids.add(kamelet.getRouteId());
        }
    }

    private static void collect(Object processor, Set<String> ids, int depth) {
        if (processor instanceof SendProcessor send
                && send.getEndpoint() instanceof KameletEndpoint kamelet) {
            add(kamelet, ids);
        }
        if (depth < 64 && processor instanceof Navigate<?> navigate && navigate.hasNext()) {
            for (Object child : navigate.next()) {
                collect(child, ids, depth + 1);
            }
        }
    }
}
