package com.auterity.hub.workflow.internal;

import com.auterity.hub.workflow.WorkflowProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs executions on {@code WORKFLOW_ENGINE_WORKERS} threads behind a bounded queue: when the queue
 * is full, {@link #submit} refuses (the API answers 429) instead of buffering without end. Each run
 * sends the input through the workflow's entry route and records how it ended.
 */
@Component
class ExecutionRunner implements DisposableBean {

    /** Executions that may wait for a worker, per worker. */
    static final int QUEUE_PER_WORKER = 250;

    private static final Logger log = LoggerFactory.getLogger(ExecutionRunner.class);

    private final ThreadPoolExecutor pool;
    private final Semaphore synchronous;
    private final ProducerTemplate producer;
    private final Executions executions;
    private final ObjectMapper json;
    private final Cancellations cancellations;
    private final GroupCommit records;
    private final RunningExecutions running;
    private final WorkflowDeployer deployer;

    ExecutionRunner(
            WorkflowProperties properties,
            ProducerTemplate producer,
            Executions executions,
            ObjectMapper json,
            Cancellations cancellations,
            GroupCommit records,
            RunningExecutions running,
            WorkflowDeployer deployer) {
        AtomicInteger count = new AtomicInteger();
        this.pool =
                new ThreadPoolExecutor(
                        properties.workers(),
                        properties.workers(),
                        0,
                        TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<>(properties.workers() * QUEUE_PER_WORKER),
                        r -> new Thread(r, "hub-workflow-" + count.incrementAndGet()));
        this.synchronous = new Semaphore(properties.workers());
        this.producer = producer;
        this.executions = executions;
        this.json = json;
        this.cancellations = cancellations;
        this.records = records;
        this.running = running;
        this.deployer = deployer;
    }

    /** Queues the run; throws {@code RejectedExecutionException} when the queue is full. */
    CompletableFuture<Void> submit(String executionId, String workflowId, JsonNode input) {
        return start(executionId, workflowId, WorkflowCompiler.group(workflowId), input);
    }

    /** Queues a run that starts at one node (a retry from the failed node). */
    CompletableFuture<Void> submitFrom(
            String executionId, String workflowId, String nodeId, JsonNode input) {
        return start(
                executionId, workflowId, WorkflowCompiler.nodeRoute(workflowId, nodeId), input);
    }

    private CompletableFuture<Void> start(
            String executionId, String workflowId, String route, JsonNode input) {
        String correlation = MDC.get("correlation_id");
        return CompletableFuture.runAsync(
                () -> {
                    if (correlation != null) {
                        MDC.put("correlation_id", correlation);
                    }
                    try {
                        running.enter(workflowId);
                        try {
                            run(executionId, workflowId, route, input, Map.of());
                        } finally {
                            running.exit(workflowId);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        cancellations.forget(executionId);
                        MDC.clear();
                    }
                },
                pool);
    }

    /**
     * Runs a recorded (queued) execution in the calling thread, recorded as it goes, with extra
     * exchange properties (a sub-workflow's nesting depth): no queue, no worker thread, so a worker
     * that runs a sub-workflow never waits for another worker.
     */
    void runHere(
            String executionId, String workflowId, JsonNode input, Map<String, Object> properties)
            throws InterruptedException {
        running.enter(workflowId);
        try {
            run(executionId, workflowId, WorkflowCompiler.group(workflowId), input, properties);
        } finally {
            running.exit(workflowId);
            cancellations.forget(executionId);
        }
    }

    private void run(
            String executionId,
            String workflowId,
            String route,
            JsonNode input,
            Map<String, Object> properties) {
        Integer version = deployer.version(workflowId);
        if (version == null) {
            executions.finished(
                    executionId,
                    Executions.Status.failed,
                    null,
                    "the workflow was deleted before this execution started",
                    Instant.now());
            return;
        }
        executions.started(executionId, workflowId, version, Instant.now());
        Exchange done =
                producer.send(
                        "direct:" + route,
                        exchange -> {
                            exchange.getMessage().setBody(input);
                            properties.forEach(exchange::setProperty);
                            exchange.setProperty(
                                    NodeRecorder.RECORDER,
                                    new ExecutionRecorder.Direct(executionId, executions));
                        });
        if (done.getProperty(DeadLetterRoute.DEAD_LETTERED) != null) {
            return; // recorded as failed by the workflow's dead-letter channel
        }
        Instant now = Instant.now();
        Exception failure = done.getException();
        if (failure == null) {
            try {
                executions.finished(
                        executionId,
                        Executions.Status.completed,
                        NodeRecorder.text(done, json),
                        null,
                        now);
            } catch (Exception e) {
                executions.finished(
                        executionId,
                        Executions.Status.failed,
                        null,
                        "Result is not JSON: " + e.getMessage(),
                        now);
            }
            return;
        }
        // the dead-letter channel itself failed (the database is down, say): record what we can
        log.error(
                "Execution {} ({}) failed and could not be dead-lettered",
                executionId,
                route,
                failure);
        executions.finished(
                executionId, Executions.Status.failed, null, NodeRecorder.error(failure), now);
    }

    /** How a synchronous run ended. */
    record Outcome(Executions.Status status, String output, String error) {}

    /**
     * Runs an execution in the calling thread, recorded in memory and made durable at the end
     * ({@link GroupCommit}); at most {@code workers} such runs at a time, a further one waits a
     * second for its turn, then is refused ({@code RejectedExecutionException}).
     */
    Outcome runNow(String executionId, String workflowId, JsonNode input, String caller)
            throws InterruptedException {
        if (!synchronous.tryAcquire(1, TimeUnit.SECONDS)) {
            throw new RejectedExecutionException("all workers are busy");
        }
        running.enter(workflowId);
        try {
            WorkflowDeployer.Deployed workflow = deployer.deployed(workflowId);
            if (workflow == null) {
                throw new NoSuchElementException(workflowId);
            }
            var recorder = new ExecutionRecorder.Buffered(executionId);
            Instant started = Instant.now();
            // written before the run: a node may change the input object in place
            String inputText = json.writeValueAsString(input);
            Exchange done =
                    producer.send(
                            workflow.entry(),
                            exchange -> {
                                exchange.getMessage().setBody(input);
                                exchange.setProperty(NodeRecorder.RECORDER, recorder);
                                exchange.setProperty(
                                        NodeRecorder.BODY_TEXT,
                                        new NodeRecorder.BodyText(input, inputText));
                            });
            Outcome outcome;
            if (recorder.failure() != null) {
                outcome = new Outcome(Executions.Status.failed, null, recorder.failure());
            } else if (done.getException() != null) {
                outcome =
                        new Outcome(
                                Executions.Status.failed,
                                null,
                                NodeRecorder.error(done.getException()));
            } else {
                outcome = new Outcome(Executions.Status.completed, result(done), null);
            }
            records.commit(
                    Executions.Finished.of(
                            new Executions.Execution(
                                    executionId,
                                    workflowId,
                                    workflow.version(),
                                    outcome.status(),
                                    inputText,
                                    outcome.output(),
                                    outcome.error(),
                                    caller,
                                    started,
                                    started,
                                    Instant.now()),
                            recorder.nodes(),
                            recorder::json));
            return outcome;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } finally {
            running.exit(workflowId);
            synchronous.release();
        }
    }

    /** The result of a run as JSON text: a text body that is not JSON becomes a JSON string. */
    private String result(Exchange done) throws JsonProcessingException {
        if (done.getMessage().getBody() instanceof String text) {
            try {
                json.readTree(text);
                return text;
            } catch (JsonProcessingException notJson) {
                return json.writeValueAsString(text);
            }
        }
        return NodeRecorder.text(done, json);
    }

    @Override
    public void destroy() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }
}
