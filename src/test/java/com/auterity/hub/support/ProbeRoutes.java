package com.auterity.hub.support;

import static com.auterity.hub.gateway.ApiRoutes.reply;

import com.auterity.hub.ai.usage.UsageLedger;
import com.auterity.hub.gateway.ApiRoutes;
import com.auterity.hub.gateway.Query;
import com.auterity.hub.security.CurrentUser;
import com.auterity.hub.workflow.ExecutionFinished;
import com.auterity.hub.workflow.ExecutionStarted;
import com.auterity.hub.workflow.NodeFinished;
import com.auterity.hub.workflow.WorkflowDeployed;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Handler;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * Test-only endpoints under {@code /api/v1/probe}, built exactly like the hub's own: they report
 * what a route receives, so tests can show what the ingress lets through.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ProbeRoutes {

    /** A bean with a default handler and a second method a header could try to select. */
    public static class ProbeBean {
        @Handler
        public String expected(String body) {
            return "expected";
        }

        public String hijacked(String body) {
            return "hijacked";
        }
    }

    /** Every event the hub's modules publish, as later modules would receive them. */
    public static class EventProbe {
        private final List<Object> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(WorkflowDeployed event) {
            events.add(event);
        }

        @EventListener
        void on(ExecutionFinished event) {
            events.add(event);
        }

        @EventListener
        void on(ExecutionStarted event) {
            events.add(event);
        }

        @EventListener
        void on(NodeFinished event) {
            events.add(event);
        }

        public List<Object> events() {
            return events;
        }
    }

    @Bean
    EventProbe eventProbe() {
        return new EventProbe();
    }

    @Bean("probeBean")
    ProbeBean probeBean() {
        return new ProbeBean();
    }

    /**
     * Test-only driver of the AI usage ledger (the AI router lives elsewhere): {@code POST
     * /api/v1/probe/ai-admit?tokens=N} admits a request of the caller as the router would.
     */
    @Bean
    RouteBuilder aiAdmitProbe(UsageLedger ledger) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                rest("/probe")
                        .post("/ai-admit")
                        .id("rest-probe-ai-admit")
                        .description("Test probe: admits an AI request of the caller")
                        .to("direct:probe-ai-admit");
                from("direct:probe-ai-admit")
                        .routeId("probe-ai-admit")
                        .routeDescription("Admits an AI request of the caller, as the router does")
                        .routeConfigurationId(ApiRoutes.ERRORS)
                        .process(
                                e -> {
                                    ledger.admit(
                                            CurrentUser.of(e).name(),
                                            Long.parseLong(Query.of(e).get("tokens", "0")));
                                    reply(e, 204, null);
                                });
            }
        };
    }

    @Bean
    RouteBuilder probeRoutes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                rest("/probe")
                        .post("/headers")
                        .id("rest-probe-headers")
                        .description("Test probe: the headers a route sees")
                        .to("direct:probe-headers")
                        .post("/bean")
                        .id("rest-probe-bean")
                        .description("Test probe: which bean method a route calls")
                        .to("direct:probe-bean")
                        .get("/fail")
                        .id("rest-probe-fail")
                        .description("Test probe: a route that fails unexpectedly")
                        .to("direct:probe-fail");

                from("direct:probe-headers")
                        .routeId("probe-headers")
                        .routeDescription("Answers with the headers it received")
                        .routeConfigurationId(ApiRoutes.ERRORS)
                        .process(
                                e -> {
                                    Map<String, String> seen =
                                            new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                                    e.getMessage()
                                            .getHeaders()
                                            .forEach((k, v) -> seen.put(k, String.valueOf(v)));
                                    reply(e, 200, seen);
                                });

                from("direct:probe-bean")
                        .routeId("probe-bean")
                        .routeDescription("Calls a bean by its default handler")
                        .routeConfigurationId(ApiRoutes.ERRORS)
                        .to("bean:probeBean")
                        .process(
                                e ->
                                        reply(
                                                e,
                                                200,
                                                Map.of(
                                                        "method",
                                                        e.getMessage().getBody(String.class))));

                from("direct:probe-fail")
                        .routeId("probe-fail")
                        .routeDescription("Fails with an unexpected exception")
                        .routeConfigurationId(ApiRoutes.ERRORS)
                        .throwException(new IllegalStateException("secret internal detail"));
            }
        };
    }
}
