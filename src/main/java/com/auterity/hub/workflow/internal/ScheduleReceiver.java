package com.auterity.hub.workflow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Date;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The end of every schedule trigger route: one Quartz firing becomes one execution, queued for the
 * workers like one started through the API and recorded as created by {@code schedule}. The Quartz
 * thread only records and queues it, so a slow workflow never delays the next firing.
 */
@Component("hubScheduleFired")
class ScheduleReceiver implements Processor {

    /** The header camel-quartz sets to the time the trigger was scheduled to fire. */
    static final String SCHEDULED_FIRE_TIME = "scheduledFireTime";

    private static final Logger log = LoggerFactory.getLogger(ScheduleReceiver.class);

    private final WorkflowEngine engine;
    private final ObjectMapper json;

    ScheduleReceiver(WorkflowEngine engine, ObjectMapper json) {
        this.engine = engine;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String workflow = exchange.getProperty("hubWorkflow", String.class);
        String node = exchange.getProperty("hubScheduleNode", String.class);
        String parameters = exchange.getProperty("hubScheduleParameters", String.class);
        Date scheduled = exchange.getMessage().getHeader(SCHEDULED_FIRE_TIME, Date.class);
        Instant at = scheduled == null ? Instant.now() : scheduled.toInstant();
        JsonNode input = parameters == null ? json.createObjectNode() : json.readTree(parameters);
        String id = engine.executeScheduled(workflow, node, at, input);
        log.debug(
                "Schedule {} of workflow {} fired for {}: {}",
                node,
                workflow,
                at,
                id == null ? "already recorded, or undeployed" : "execution " + id);
    }
}
