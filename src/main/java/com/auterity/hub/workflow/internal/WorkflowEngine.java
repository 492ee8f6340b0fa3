package com.auterity.hub.workflow.internal;

import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.shared.TimeOrderedIds;
import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.WorkflowDeployed;
import com.auterity.hub.workflow.WorkflowManagement;
import com.auterity.hub.workflow.WorkflowProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The workflow engine: validate, compile, store, deploy, execute, report. */
@Service
class WorkflowEngine implements WorkflowManagement {

    private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final WorkflowValidator validator;
    private final WorkflowCompiler compiler;
    private final WorkflowDeployer deployer;
    private final Workflows workflows;
    private final Executions executions;
    private final ExecutionRunner runner;
    private final NodeTypes types;
    private final ObjectMapper json;
    private final Cancellations cancellations;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final RunningExecutions running;
    private final Duration drainTimeout;

    WorkflowEngine(
            WorkflowValidator validator,
            WorkflowCompiler compiler,
            WorkflowDeployer deployer,
            Workflows workflows,
            Executions executions,
            ExecutionRunner runner,
            NodeTypes types,
            ObjectMapper json,
            Cancellations cancellations,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            RunningExecutions running,
            WorkflowProperties properties) {
        this.validator = validator;
        this.compiler = compiler;
        this.deployer = deployer;
        this.workflows = workflows;
        this.executions = executions;
        this.runner = runner;
        this.types = types;
        this.json = json;
        this.cancellations = cancellations;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.running = running;
        this.drainTimeout = properties.drainTimeout();
    }

    @Override
    public Deployed create(JsonNode definition, String caller) {
        String requested = definition == null ? null : text(definition.path("id"));
        if (requested != null && !ID.matcher(requested).matches()) {
            throw invalid(
                    List.of(
                            Problem.of(
                                    "'id' must be 1-48 lower-case letters, digits or '-', starting with a letter or digit")));
        }
        Workflow workflow =
                read(definition, requested == null ? UUID.randomUUID().toString() : requested);
        String yaml = compiler.compile(workflow);
        Instant now = Instant.now();
        try {
            workflows.insert(
                    new Workflows.Stored(
                            workflow.id(),
                            workflow.name(),
                            workflow.description(),
                            1,
                            write(workflow),
                            yaml,
                            caller,
                            now,
                            now));
        } catch (DuplicateKeyException taken) {
            throw new ServiceError(
                    HttpStatus.CONFLICT,
                    "WORKFLOW_EXISTS",
                    "A workflow with this id already exists",
                    Map.of("id", workflow.id()));
        }
        try {
            return deploy(workflow, 1, yaml);
        } catch (RuntimeException e) {
            workflows.delete(workflow.id()); // not deployed, so not created
            throw e;
        }
    }

    /**
     * Stores and deploys a new version once the executions running on the current one have ended
     * (new ones wait meanwhile), so that each execution runs on one version from start to end.
     */
    @Override
    public Deployed update(String id, JsonNode definition, String caller) {
        stored(id);
        Workflow workflow = read(definition, id);
        String yaml = compiler.compile(workflow);
        return running.whenIdle(id, drainTimeout, () -> replace(workflow, yaml));
    }

    private Deployed replace(Workflow workflow, String yaml) {
        String id = workflow.id();
        Workflows.Stored stored = stored(id);
        int version = stored.version() + 1;
        boolean updated =
                workflows.update(
                        new Workflows.Stored(
                                id,
                                workflow.name(),
                                workflow.description(),
                                version,
                                write(workflow),
                                yaml,
                                stored.createdBy(),
                                stored.createdAt(),
                                Instant.now()),
                        stored.version());
        if (!updated) {
            throw new ServiceError(
                    HttpStatus.CONFLICT,
                    "CONFLICT",
                    "The workflow was changed meanwhile; retry",
                    Map.of("id", id));
        }
        try {
            return deploy(workflow, version, yaml);
        } catch (RuntimeException e) {
            workflows.update(stored, version); // the previous version stays, stored and deployed
            throw e;
        }
    }

    @Override
    public Deployed redeploy(String id) {
        stored(id);
        return running.whenIdle(
                id,
                drainTimeout,
                () -> {
                    Workflows.Stored current = stored(id);
                    Deployed deployed =
                            deploy(read(current), current.version(), current.camelYaml());
                    log.info("Workflow {} version {} deployed again", id, current.version());
                    return deployed;
                });
    }

    @Override
    public WorkflowView get(String id) {
        return view(stored(id));
    }

    @Override
    public Page<WorkflowView> list(String name, int page, int size) {
        if (page < 0 || size < 1 || size > 200) {
            throw ServiceError.badRequest(
                    "VALIDATION_FAILED",
                    "page must be >= 0 and size 1-200",
                    Map.of("page", page, "size", size));
        }
        return new Page<>(
                workflows.page(name, page * size, size).stream().map(this::view).toList(),
                page,
                size,
                workflows.count(name));
    }

    @Override
    public String camelYaml(String id) {
        return stored(id).camelYaml();
    }

    @Override
    public Map<String, Object> export(String id) {
        Workflows.Stored stored = stored(id);
        Workflow workflow = read(stored);
        Map<String, Object> exported = new LinkedHashMap<>();
        exported.put("id", workflow.id());
        exported.put("name", workflow.name());
        exported.put("description", workflow.description());
        exported.put("version", stored.version());
        exported.put(
                "nodes",
                workflow.nodes().stream()
                        .map(
                                n -> {
                                    Map<String, Object> node = new LinkedHashMap<>();
                                    node.put("id", n.id());
                                    node.put("type", n.type());
                                    if (n.label() != null) {
                                        node.put("label", n.label());
                                    }
                                    node.put("data", n.settings());
                                    return node;
                                })
                        .toList());
        exported.put(
                "edges",
                workflow.edges().stream()
                        .map(
                                e -> {
                                    Map<String, Object> edge = new LinkedHashMap<>();
                                    edge.put("id", e.id());
                                    edge.put("source", e.source());
                                    edge.put("target", e.target());
                                    if (e.sourcePort() != null) {
                                        edge.put("sourcePort", e.sourcePort());
                                    }
                                    if (e.label() != null) {
                                        edge.put("label", e.label());
                                    }
                                    return edge;
                                })
                        .toList());
        return exported;
    }

    @Override
    public Deployed importWorkflow(JsonNode definition, boolean replace, String caller) {
        String id = definition == null ? null : text(definition.path("id"));
        if (replace && id != null && ID.matcher(id).matches() && workflows.find(id).isPresent()) {
            return update(id, definition, caller);
        }
        return create(definition, caller);
    }

    @Override
    public void delete(String id) {
        stored(id);
        running.whenIdle(
                id,
                drainTimeout,
                () -> {
                    try {
                        deployer.undeploy(id);
                    } catch (Exception e) {
                        throw new IllegalStateException("Cannot undeploy workflow " + id, e);
                    }
                    return workflows.delete(id);
                });
    }

    @Override
    public ExecutionView execute(
            String workflowId, JsonNode parameters, String caller, Duration waitFor) {
        String id = TimeOrderedIds.next().toString();
        await(start(id, workflowId, parameters, caller), waitFor, id);
        return status(id);
    }

    @Override
    public String executeOnce(
            String workflowId, String idempotencyKey, JsonNode parameters, String caller) {
        String id =
                UUID.nameUUIDFromBytes(
                                (workflowId + "\n" + idempotencyKey)
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString();
        try {
            start(id, workflowId, parameters, caller);
        } catch (DuplicateKeyException recordedBefore) {
            // started once already: the execution runs (or ran) under that record
        }
        return id;
    }

    private CompletableFuture<Void> start(
            String id, String workflowId, JsonNode parameters, String caller) {
        Workflows.Stored workflow = stored(workflowId);
        JsonNode input =
                parameters == null || parameters.isNull() ? json.createObjectNode() : parameters;
        executions.insert(
                new Executions.Execution(
                        id,
                        workflowId,
                        workflow.version(),
                        Executions.Status.queued,
                        write(input),
                        null,
                        null,
                        caller,
                        Instant.now(),
                        null,
                        null));
        CompletableFuture<Void> run;
        try {
            run = runner.submit(id, workflowId, input);
        } catch (RejectedExecutionException full) {
            executions.delete(id); // never acknowledged: the client gets 429 and retries
            throw ServiceError.tooManyRequests(
                    "The execution queue is full; retry later", Duration.ofSeconds(5));
        }
        return run;
    }

    /** The outcome of an execution run while its caller waited. */
    /**
     * How a run ended.
     *
     * @param output the result as JSON text ({@code null} when it failed)
     */
    record Outcome(String executionId, String status, String output, String error) {}

    /**
     * Runs a workflow while the caller waits (a webhook that answers with the result): no queue and
     * no thread hand-off, and the record is written once, at the end, before the caller is
     * answered.
     */
    Outcome runNow(String workflowId, JsonNode input, String caller) throws InterruptedException {
        String id = TimeOrderedIds.next().toString();
        try {
            var outcome = runner.runNow(id, workflowId, input, caller);
            return new Outcome(id, outcome.status().name(), outcome.output(), outcome.error());
        } catch (NoSuchElementException notDeployed) {
            throw ServiceError.notFound("Workflow", workflowId);
        } catch (RejectedExecutionException busy) {
            throw ServiceError.tooManyRequests(
                    "All workflow workers are busy; retry later", Duration.ofSeconds(1));
        }
    }

    /** Who a schedule trigger's executions are recorded as created by. */
    static final String SCHEDULE_CALLER = "schedule";

    /**
     * Starts the execution of one firing of a schedule trigger, unless it is already recorded. The
     * execution id is derived from the workflow, the node and the scheduled fire time, so when
     * several hub instances fire the same schedule their inserts collide and only the first runs
     * it.
     *
     * @return the execution id, or {@code null} when the firing was already recorded or the
     *     workflow is no longer deployed here
     */
    String executeScheduled(
            String workflowId, String nodeId, Instant scheduledAt, JsonNode parameters) {
        Integer version = deployer.version(workflowId);
        if (version == null) {
            return null; // undeployed meanwhile
        }
        String id =
                UUID.nameUUIDFromBytes(
                                ("schedule/"
                                                + workflowId
                                                + "/"
                                                + nodeId
                                                + "/"
                                                + scheduledAt.toEpochMilli())
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString();
        JsonNode input =
                parameters == null || parameters.isNull() ? json.createObjectNode() : parameters;
        try {
            executions.insert(
                    new Executions.Execution(
                            id,
                            workflowId,
                            version,
                            Executions.Status.queued,
                            write(input),
                            null,
                            null,
                            SCHEDULE_CALLER,
                            Instant.now(),
                            null,
                            null));
        } catch (DuplicateKeyException taken) {
            return null; // another instance recorded this firing first
        }
        try {
            runner.submit(id, workflowId, input);
        } catch (RejectedExecutionException full) {
            // kept as a failed execution (a dead letter that can be retried), not dropped unseen
            executions.finished(
                    id,
                    Executions.Status.failed,
                    null,
                    "skipped: the execution queue was full when the schedule fired",
                    Instant.now());
        }
        return id;
    }

    @Override
    public ExecutionView status(String id) {
        var execution =
                executions
                        .find(id)
                        .or(() -> executions.latestOf(id))
                        .orElseThrow(() -> ServiceError.notFound("Execution or workflow", id));
        return view(execution);
    }

    @Override
    public List<ExecutionView> executions(
            String workflowId, String status, Instant from, Instant to, int limit) {
        Executions.Status wanted = null;
        if (status != null) {
            try {
                wanted = Executions.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw ServiceError.badRequest(
                        "VALIDATION_FAILED",
                        "Unknown status",
                        Map.of("status", status, "allowed", List.of(Executions.Status.values())));
            }
        }
        return executions
                .list(workflowId, wanted, from, to, Math.max(1, Math.min(limit, 500)))
                .stream()
                .map(this::view)
                .toList();
    }

    @Override
    public List<NodeTypeView> nodeTypes() {
        List<NodeTypeView> views = new ArrayList<>();
        Workflow.Node probe = new Workflow.Node("probe", null, null, Map.of());
        types.all()
                .forEach(
                        (name, type) ->
                                views.add(
                                        new NodeTypeView(
                                                name, type.schema(), type.ports(probe) != null)));
        return views;
    }

    @Override
    public List<ExecutionView> deadLetters(int limit) {
        return executions(null, Executions.Status.failed.name(), null, null, limit);
    }

    @Override
    public ExecutionView retry(String executionId, String caller, Duration waitFor) {
        Executions.Execution execution =
                executions
                        .find(executionId)
                        .orElseThrow(() -> ServiceError.notFound("Execution", executionId));
        Workflow definition = read(stored(execution.workflowId()));
        Set<String> failurePath = failurePath(definition);
        List<Executions.NodeRun> runs = executions.nodes(executionId);
        // the node the execution failed at, not one of its failure path
        Executions.NodeRun lastFailed =
                runs.stream()
                        .filter(n -> "failed".equals(n.status()))
                        .filter(n -> !failurePath.contains(plainId(n.nodeId())))
                        .reduce((first, second) -> second)
                        .orElse(null);
        // a node of an iteration or a branch cannot run alone: its loop or parallel node collects
        // its result, so the retry starts at the outermost of those, with that node's input
        String from =
                lastFailed == null
                        ? null
                        : WorkflowGraph.of(types, definition)
                                .outermostScope(plainId(lastFailed.nodeId()));
        Executions.NodeRun failed =
                runs.stream().filter(n -> n.nodeId().equals(from)).findFirst().orElse(null);
        boolean nodeStillThere =
                failed != null
                        && definition.nodes().stream()
                                .anyMatch(n -> n.id().equals(failed.nodeId()));
        if (execution.status() != Executions.Status.failed) {
            throw new ServiceError(
                    HttpStatus.CONFLICT,
                    "NOT_RETRYABLE",
                    "Only a failed execution can be retried",
                    Map.of("status", execution.status().name()));
        }
        if (!executions.reopen(executionId)) {
            throw new ServiceError(
                    HttpStatus.CONFLICT,
                    "NOT_RETRYABLE",
                    "The execution changed meanwhile",
                    Map.of("id", executionId));
        }
        log.info(
                "Execution {} retried by {} from node {}",
                executionId,
                caller,
                nodeStillThere ? failed.nodeId() : "the start");
        CompletableFuture<Void> run;
        try {
            run =
                    nodeStillThere
                            ? runner.submitFrom(
                                    executionId,
                                    execution.workflowId(),
                                    failed.nodeId(),
                                    tree(failed.input()))
                            : runner.submit(
                                    executionId, execution.workflowId(), tree(execution.input()));
        } catch (RejectedExecutionException full) {
            executions.finished(
                    executionId, Executions.Status.failed, null, execution.error(), Instant.now());
            throw ServiceError.tooManyRequests(
                    "The execution queue is full; retry later", Duration.ofSeconds(5));
        }
        await(run, waitFor, executionId);
        return status(executionId);
    }

    @Override
    public ExecutionView cancel(String executionId) {
        executions
                .find(executionId)
                .orElseThrow(() -> ServiceError.notFound("Execution", executionId));
        if (!executions.cancel(executionId, Instant.now())) {
            throw new ServiceError(
                    HttpStatus.CONFLICT,
                    "NOT_CANCELLABLE",
                    "The execution has already ended",
                    Map.of("id", executionId));
        }
        cancellations.cancel(executionId);
        return status(executionId);
    }

    /**
     * At start: every stored workflow is deployed again, queued executions are run, and those that
     * were running when the hub stopped end as failed, with the reason.
     */
    @EventListener(ApplicationReadyEvent.class)
    void recover() {
        for (Workflows.Stored stored : workflows.all()) {
            try {
                deployer.deploy(stored.id(), stored.version(), stored.camelYaml());
            } catch (Exception e) {
                log.error(
                        "Workflow {} could not be deployed at start: {}",
                        stored.id(),
                        e.getMessage());
            }
        }
        for (Executions.Execution interrupted : executions.withStatus(Executions.Status.running)) {
            executions.interruptNodes(interrupted.id(), Instant.now());
            executions.finished(
                    interrupted.id(),
                    Executions.Status.failed,
                    null,
                    "interrupted: the hub stopped while this execution ran; start it again to retry",
                    Instant.now());
        }
        for (Executions.Execution queued : executions.withStatus(Executions.Status.queued)) {
            try {
                runner.submit(queued.id(), queued.workflowId(), json.readTree(queued.input()));
            } catch (Exception e) {
                executions.finished(
                        queued.id(),
                        Executions.Status.failed,
                        null,
                        "could not be resumed: " + e.getMessage(),
                        Instant.now());
            }
        }
    }

    private void await(CompletableFuture<Void> run, Duration waitFor, String id) {
        if (waitFor == null || waitFor.isZero()) {
            return;
        }
        try {
            run.get(Math.min(waitFor.toMillis(), MAX_WAIT.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
            // answer with the status so far
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Execution {} ended abnormally", id, e);
        }
    }

    private Workflow read(JsonNode definition, String id) {
        List<Problem> problems = new ArrayList<>();
        Workflow workflow = WorkflowFormats.read(definition, id, json, problems);
        if (workflow != null) {
            problems.addAll(validator.validate(workflow));
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return workflow;
    }

    private Deployed deploy(Workflow workflow, int version, String yaml) {
        try {
            deployer.deploy(workflow.id(), version, yaml);
        } catch (ServiceError refused) {
            throw refused;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Workflow " + workflow.id() + " compiled but did not deploy", e);
        }
        List<String> routes = routesOf(workflow);
        // published in a transaction of its own, so that module listeners (which run after commit)
        // get it
        transaction.executeWithoutResult(
                tx -> events.publishEvent(new WorkflowDeployed(workflow.id(), version, routes)));
        return new Deployed(workflow.id(), workflow.name(), version, "deployed", routes);
    }

    /**
     * The workflow's routes as deployed: the entry, then each node's route followed by its trigger
     * routes.
     */
    private List<String> routesOf(Workflow workflow) {
        List<String> deployed = deployer.deployedRoutes(workflow.id());
        List<String> ordered = new ArrayList<>(List.of(WorkflowCompiler.group(workflow.id())));
        for (Workflow.Node node : workflow.nodes()) {
            String route = WorkflowCompiler.nodeRoute(workflow.id(), node.id());
            ordered.add(route);
            deployed.stream().filter(r -> r.startsWith(route + "-hook")).forEach(ordered::add);
        }
        ordered.retainAll(deployed);
        // other trigger routes (a schedule's, say) after the rest
        deployed.stream().filter(r -> !ordered.contains(r)).forEach(ordered::add);
        return ordered;
    }

    /** The nodes that run when an execution of the workflow fails for good. */
    private Set<String> failurePath(Workflow workflow) {
        Map<String, List<Workflow.Edge>> outgoing = new HashMap<>();
        workflow.edges()
                .forEach(e -> outgoing.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e));
        Set<String> path = new HashSet<>();
        WorkflowValidator.failureStarts(types, workflow)
                .forEach(start -> path.addAll(WorkflowValidator.reachable(start, outgoing)));
        return path;
    }

    private static ServiceError invalid(List<Problem> problems) {
        return ServiceError.badRequest(
                "WORKFLOW_INVALID",
                "The workflow is invalid: " + problems.size() + " problem(s)",
                problems);
    }

    private Workflows.Stored stored(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ServiceError.badRequest(
                    "INVALID_ID", "Not a valid workflow id", Map.of("id", String.valueOf(id)));
        }
        return workflows.find(id).orElseThrow(() -> ServiceError.notFound("Workflow", id));
    }

    private WorkflowView view(Workflows.Stored stored) {
        try {
            return new WorkflowView(
                    stored.id(),
                    stored.name(),
                    stored.description(),
                    stored.version(),
                    stored.createdBy(),
                    stored.createdAt(),
                    stored.updatedAt(),
                    deployer.deployedRoutes(stored.id()),
                    json.readValue(stored.definition(), Workflow.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "Stored workflow " + stored.id() + " is not readable", e);
        }
    }

    private ExecutionView view(Executions.Execution e) {
        List<Executions.NodeRun> runs = executions.nodes(e.id());
        int total =
                workflows
                        .find(e.workflowId())
                        .map(w -> read(w).nodes().size())
                        .orElse(Math.max(1, runs.size()));
        long done = runs.stream().filter(r -> !"running".equals(r.status())).count();
        int progress =
                e.status() == Executions.Status.completed
                        ? 100
                        : (int) Math.min(99, done * 100 / Math.max(1, total));
        return new ExecutionView(
                e.id(),
                e.workflowId(),
                e.workflowVersion(),
                e.status().name(),
                progress,
                tree(e.output()),
                e.error(),
                e.createdBy(),
                e.createdAt(),
                e.startedAt(),
                e.finishedAt(),
                runs.stream()
                        .map(
                                r ->
                                        new NodeRunView(
                                                r.nodeId(),
                                                r.nodeType(),
                                                r.status(),
                                                r.startedAt(),
                                                r.finishedAt(),
                                                r.finishedAt() == null
                                                        ? null
                                                        : Duration.between(
                                                                        r.startedAt(),
                                                                        r.finishedAt())
                                                                .toMillis(),
                                                r.attempts(),
                                                r.port(),
                                                tree(r.input()),
                                                tree(r.output()),
                                                r.error()))
                        .toList(),
                e.parentExecutionId());
    }

    private Workflow read(Workflows.Stored stored) {
        try {
            return json.readValue(stored.definition(), Workflow.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node id of a node record: without the iteration indexes of a run in a loop. */
    private static String plainId(String recordId) {
        int iteration = recordId.indexOf('[');
        return iteration < 0 ? recordId : recordId.substring(0, iteration);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
