package com.auterity.hub.workflow.internal;

import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * The threads a node's timed attempt runs on, so that the node can stop waiting for it when its
 * {@code timeout} is up. Without a pool of their own, resilience4j's time limiter would run them on
 * the JVM's common fork-join pool, which runs only as many at once as the machine has cores less
 * one: blocking calls of timed nodes in concurrent executions would queue behind each other.
 */
@Component
class TimedAttempts {

    /** The pool, in Camel's registry. */
    static final String THREADS = "hubWorkflowAttempts";

    TimedAttempts(CamelContext camel) {
        ExecutorService pool =
                camel.getExecutorServiceManager()
                        .newCachedThreadPool(this, "hub-workflow-attempts");
        camel.getRegistry().bind(THREADS, ExecutorService.class, pool);
    }
}
