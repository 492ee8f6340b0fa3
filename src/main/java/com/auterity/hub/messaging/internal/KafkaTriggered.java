package com.auterity.hub.messaging.internal;

import com.auterity.hub.messaging.QueueMessage;
import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.WorkflowManagement;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The step of a kafka trigger's route that records the execution: once per message and consumer
 * group (a redelivered message finds its execution recorded). While the workflow engine's queue is
 * full it waits, then gives up without dead-lettering: the message is read again.
 */
@Component(KafkaTriggerNode.TRIGGERED)
class KafkaTriggered implements Processor {

    private static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final long PAUSE_MS = 200;

    private final WorkflowManagement workflows;

    KafkaTriggered(WorkflowManagement workflows) {
        this.workflows = workflows;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Headers.attempt(exchange);
        QueueMessage message = exchange.getProperty(Headers.MESSAGE, QueueMessage.class);
        String workflow = exchange.getProperty(Headers.WORKFLOW, String.class);
        String group = exchange.getProperty(Headers.CONSUMER, String.class);
        String caller = "kafka:" + group;
        if (caller.length() > 100) {
            caller = caller.substring(0, 100);
        }
        String key = "kafka\n" + group + "\n" + message.origin();
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (true) {
            try {
                workflows.executeOnce(workflow, key, message.body(), caller);
                return;
            } catch (ServiceError refused) {
                if (refused.status() != HttpStatus.TOO_MANY_REQUESTS) {
                    throw refused;
                }
                if (System.nanoTime() > deadline || exchange.getContext().isStopping()) {
                    throw new Backpressure(
                            "The workflow engine's queue stayed full for " + MAX_WAIT, refused);
                }
                Thread.sleep(PAUSE_MS);
            }
        }
    }
}
