package com.auterity.hub.workflow.web;

import com.auterity.hub.shared.ApiErrors;
import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.ExecutionFinished;
import com.auterity.hub.workflow.ExecutionStarted;
import com.auterity.hub.workflow.NodeFinished;
import com.auterity.hub.workflow.WorkflowManagement;
import com.auterity.hub.workflow.WorkflowManagement.ExecutionView;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.http.MediaType;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/executions/{id}/events}: an execution's progress as server-sent events. The
 * stream opens with a {@code snapshot} (the execution as {@code GET /api/v1/executions/{id}} shows
 * it), then sends {@code started}, {@code node} (a node ended) and {@code finished}, and closes
 * after {@code finished}. Events are those of this hub instance: behind a load balancer, watch the
 * instance that runs the execution, or poll the execution.
 *
 * <p>A Spring MVC endpoint rather than a REST DSL route, as it keeps the response open and writes
 * to it as events happen; it is secured like the rest of {@code /api/v1} (VIEWER).
 */
@RestController
class ExecutionEventStream {

    static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");

    private final WorkflowManagement workflows;
    private final ApiErrors errors;
    private final Map<String, List<SseEmitter>> watchers = new ConcurrentHashMap<>();

    ExecutionEventStream(WorkflowManagement workflows, ApiErrors errors) {
        this.workflows = workflows;
        this.errors = errors;
    }

    @GetMapping(
            path = "/api/v1/executions/{id}/events",
            produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    SseEmitter events(@PathVariable String id) throws IOException {
        String execution = workflows.status(id).executionId(); // 404 for an unknown one
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        watchers.computeIfAbsent(execution, k -> new CopyOnWriteArrayList<>()).add(emitter);
        Runnable forget = () -> forget(execution, emitter);
        emitter.onCompletion(forget);
        emitter.onTimeout(forget);
        emitter.onError(e -> forget.run());
        // watching first, then the snapshot: nothing that happens in between is missed
        ExecutionView snapshot = workflows.status(execution);
        send(execution, emitter, "snapshot", snapshot);
        if (ENDED.contains(snapshot.status())) {
            emitter.complete();
        }
        return emitter;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ExecutionStarted event) {
        broadcast(event.executionId(), "started", event, false);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(NodeFinished event) {
        broadcast(event.executionId(), "node", event, false);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ExecutionFinished event) {
        broadcast(event.executionId(), "finished", event, true);
    }

    @ExceptionHandler(ServiceError.class)
    void refused(ServiceError error, HttpServletResponse response) throws IOException {
        errors.write(response, errors.map(error));
    }

    private void broadcast(String executionId, String name, Object data, boolean last) {
        List<SseEmitter> mine = watchers.get(executionId);
        if (mine == null) {
            return;
        }
        for (SseEmitter emitter : mine) {
            if (send(executionId, emitter, name, data) && last) {
                emitter.complete();
            }
        }
    }

    private boolean send(String executionId, SseEmitter emitter, String name, Object data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException gone) {
            forget(executionId, emitter); // the client went away
            return false;
        }
    }

    private void forget(String executionId, SseEmitter emitter) {
        watchers.computeIfPresent(
                executionId,
                (id, list) -> {
                    list.remove(emitter);
                    return list.isEmpty() ? null : list;
                });
    }
}
