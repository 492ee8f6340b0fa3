package com.auterity.hub.workflow.internal;

import com.auterity.hub.workflow.spi.NodeType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The processors every compiled node route calls, by name, around the node's own steps: they write
 * the node's start (with its input) and end (with its output, chosen port, or error) to the
 * execution record.
 */
@Configuration(proxyBeanMethods = false)
class NodeRecorder {

    static final String STARTED = "hubNodeStarted";
    static final String FINISHED = "hubNodeFinished";
    static final String FAILED = "hubNodeFailed";
    static final String RETRIED = "hubNodeRetried";

    /** Exchange property holding the execution's {@link ExecutionRecorder}. */
    static final String RECORDER = "hubRecorder";

    @Bean(STARTED)
    Processor nodeStarted(Cancellations cancellations, ObjectMapper json) {
        return exchange -> {
            ExecutionRecorder recorder = recorder(exchange);
            cancellations.checkNotCancelled(recorder.executionId());
            if (FanOut.abandoned(exchange)) {
                // an iteration or branch nobody waits for any more: it ends before this node
                exchange.setRouteStop(true);
                return;
            }
            var node = WorkflowCompiler.nodeOf(exchange.getUnitOfWork().getRoute());
            exchange.setProperty(WorkflowCompiler.NODE, node.id());
            exchange.removeProperty(NodeType.PORT);
            recorder.nodeStarted(
                    record(exchange), node.type(), told(recorder, exchange, text(exchange, json)));
        };
    }

    @Bean(FINISHED)
    Processor nodeFinished(ObjectMapper json) {
        return exchange -> {
            ExecutionRecorder recorder = recorder(exchange);
            recorder.nodeFinished(
                    record(exchange),
                    "completed",
                    exchange.getProperty(NodeType.PORT, String.class),
                    told(recorder, exchange, freshText(exchange, json)),
                    null);
        };
    }

    /**
     * The body's text, told to the recorder as JSON unless the body is a text: only then may it be
     * anything ({@link #text} writes every other body as JSON).
     */
    private static String told(ExecutionRecorder recorder, Exchange exchange, String text) {
        if (text != null && !(exchange.getMessage().getBody() instanceof String)) {
            recorder.writtenAsJson(text);
        }
        return text;
    }

    /**
     * A node whose failure is handled ({@code onError: continue} or {@code error}): recorded, then
     * the run goes on.
     */
    @Bean(FAILED)
    Processor nodeFailed() {
        return NodeRecorder::failed;
    }

    /** Called by Camel before each redelivery of a failed step: one more attempt of the node. */
    @Bean(RETRIED)
    Processor nodeRetried() {
        return exchange -> recorder(exchange).nodeRetried(record(exchange));
    }

    /** Records the current node as failed, with the caught exception; returns the error. */
    static String failed(Exchange exchange) {
        String error = error(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        String node = record(exchange);
        if (node != null) {
            recorder(exchange)
                    .nodeFinished(
                            node,
                            "failed",
                            exchange.getProperty(NodeType.PORT, String.class),
                            null,
                            error);
        }
        return error;
    }

    static ExecutionRecorder recorder(Exchange exchange) {
        ExecutionRecorder recorder = exchange.getProperty(RECORDER, ExecutionRecorder.class);
        if (recorder == null) {
            throw new IllegalStateException("A workflow route was called outside an execution");
        }
        return recorder;
    }

    static String node(Exchange exchange) {
        return exchange.getProperty(WorkflowCompiler.NODE, String.class);
    }

    /**
     * The id the current node's run is recorded under: the node id, followed inside a loop by the
     * index of each iteration it runs in, outermost first ({@code check[2][0]}), so every run has a
     * record of its own. The exchange property {@link WorkflowCompiler#NODE} stays the plain id.
     */
    static String record(Exchange exchange) {
        String node = node(exchange);
        String iteration = exchange.getProperty(FanOut.ITERATION, String.class);
        return node == null || iteration == null ? node : node + iteration;
    }

    /** Java class names that wrappers put in front of a message: "a.b.SomeException: ". */
    private static final Pattern CLASS_PREFIX =
            Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ");

    /**
     * What went wrong, for the client: the root cause's message, without Camel's wrappers and
     * without Java class names.
     */
    static String error(Throwable failure) {
        if (failure == null) {
            return "unknown error";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        for (var prefix = CLASS_PREFIX.matcher(message);
                prefix.find();
                prefix = CLASS_PREFIX.matcher(message)) {
            message = message.substring(prefix.end());
        }
        return message;
    }

    /** Exchange property: the body last written as text ({@link BodyText}). */
    static final String BODY_TEXT = "hubBodyText";

    /**
     * A body and its JSON text. A node's output is the next node's input, the same object: it is
     * written once, not at the end of one node and again at the start of the next.
     */
    record BodyText(Object body, String text) {}

    /**
     * The message body as JSON text, written again only if the body is not the one last written
     * (nothing runs between one node's end and the next node's start that could change it).
     */
    static String text(Exchange exchange, ObjectMapper json) throws JsonProcessingException {
        Object body = exchange.getMessage().getBody();
        if (exchange.getProperty(BODY_TEXT) instanceof BodyText known && known.body() == body) {
            return known.text();
        }
        return freshText(exchange, json);
    }

    /**
     * The message body as JSON text, written now: at a node's end, since the node may have changed
     * the body in place.
     */
    static String freshText(Exchange exchange, ObjectMapper json) throws JsonProcessingException {
        Object body = exchange.getMessage().getBody();
        if (body == null || body instanceof String) {
            return (String) body;
        }
        String text = json.writeValueAsString(body);
        exchange.setProperty(BODY_TEXT, new BodyText(body, text));
        return text;
    }
}
