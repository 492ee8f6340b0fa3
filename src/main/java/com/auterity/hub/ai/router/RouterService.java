package com.auterity.hub.ai.router;

import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.ai.AiRouter;
import com.auterity.hub.ai.ModelDeployment;
import com.auterity.hub.ai.usage.UsageLedger;
import com.auterity.hub.connector.ConnectionSecrets;
import com.auterity.hub.shared.Correlation;
import com.auterity.hub.shared.ServiceError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The AI router. For one client request: validate, admit it with the usage ledger, answer from the
 * cache if it may, else try the requested group's deployments and then its fallback groups in
 * order. Within a group the strategy picks among the deployments usable now (circuit not open, no
 * {@code Retry-After} pending, under their tpm/rpm, the request fits their context window),
 * preferring those not yet tried for this request; a retry of a deployment already tried waits
 * {@code backoff}, doubled each time. When every deployment of a group waits out a {@code
 * Retry-After} no longer than {@code max-retry-wait}, the router waits for the first; a longer one
 * moves on. The request is recorded with the ledger once, whatever the outcome. A request asking
 * for JSON goes only to deployments with the capability {@code json}; one with tools, tool calls or
 * tool results only to those with {@code tools}.
 */
@Service
class RouterService implements AiRouter {

    private static final Logger log = LoggerFactory.getLogger(RouterService.class);
    private static final Set<String> ROLES =
            Set.of("system", "developer", "user", "assistant", "tool");
    private static final Set<String> TOOL_CHOICES = Set.of("auto", "none", "required");
    // OpenAI's and Anthropic's rule for tool names; at most 128 tools (OpenAI's limit)
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final int MAX_TOOLS = 128;

    private final ModelRegistry registry;
    private final DeploymentMetrics metrics;
    private final Fleet fleet;
    private final Map<String, Strategy> strategies = new TreeMap<>();
    private final ResponseCache cache;
    private final ConnectionSecrets secrets;
    private final ObjectProvider<UsageLedger> ledger;
    private volatile UsageLedger resolvedLedger;
    private final AiProperties properties;
    private final ObjectMapper json;

    RouterService(
            ModelRegistry registry,
            DeploymentMetrics metrics,
            Fleet fleet,
            List<Strategy> strategies,
            ResponseCache cache,
            ConnectionSecrets secrets,
            ObjectProvider<UsageLedger> ledger,
            AiProperties properties,
            ObjectMapper json) {
        this.registry = registry;
        this.metrics = metrics;
        this.fleet = fleet;
        strategies.forEach(s -> this.strategies.put(s.name(), s));
        this.cache = cache;
        this.secrets = secrets;
        this.ledger = ledger;
        this.properties = properties;
        this.json = json;
        if (!this.strategies.containsKey(properties.routing().strategy())) {
            throw new IllegalStateException(
                    "hub.ai.routing.strategy must be one of " + this.strategies.keySet());
        }
    }

    @Override
    public ChatResponse chat(ChatRequest request, String principal) {
        return chat(request, principal, null);
    }

    @Override
    public ChatResponse stream(ChatRequest request, String principal, StreamListener listener) {
        return chat(request, principal, listener);
    }

    private ChatResponse chat(ChatRequest request, String principal, StreamListener listener) {
        int maxTokens = validate(request);
        String group = request.group();
        Strategy strategy =
                strategies.get(
                        request.strategy() == null
                                ? properties.routing().strategy()
                                : request.strategy());
        known(group, ModelDeployment.CHAT);
        long inputTokens =
                Tokens.estimate(request.messages()) + Tokens.estimateTools(request.tools());
        admit(principal, inputTokens + maxTokens);
        long start = System.nanoTime();
        String requestId = requestId();
        Routed<ProviderClient.ProviderAnswer> routed = null;
        try {
            boolean cacheable = ResponseCache.applies(request);
            String key = cacheable ? cache.key(request, maxTokens) : null;
            ChatResponse cached = key == null ? null : cache.get(key);
            if (cached != null) {
                ChatResponse hit =
                        new ChatResponse(
                                requestId,
                                cached.model(),
                                cached.modelGroup(),
                                cached.provider(),
                                cached.providerModel(),
                                cached.content(),
                                cached.finishReason(),
                                new Usage(0, 0),
                                BigDecimal.ZERO,
                                millis(start),
                                0,
                                true,
                                cached.toolCalls());
                if (listener != null) {
                    listener.started(hit.model());
                    if (hit.content() != null && !hit.content().isEmpty()) {
                        listener.delta(hit.content());
                    }
                    for (int i = 0; i < hit.toolCalls().size(); i++) {
                        ToolCall c = hit.toolCalls().get(i);
                        listener.toolCall(
                                new ToolCallDelta(
                                        i, c.id(), c.function().name(), c.function().arguments()));
                    }
                }
                record(requestId, principal, group, hit, true);
                return hit;
            }
            ProviderClient.ProviderCall call =
                    new ProviderClient.ProviderCall(
                            request.messages(),
                            request.temperature(),
                            maxTokens,
                            request.topP(),
                            request.stop(),
                            request.wantsJson(),
                            request.tools(),
                            request.toolChoice(),
                            request.parallelToolCalls(),
                            null);
            boolean[] streaming = {false};
            routed =
                    route(
                            groups(request),
                            needs(request),
                            new Strategy.Estimate(group, inputTokens, maxTokens, 0),
                            strategy,
                            streaming,
                            (deployment, provider, apiKey) -> {
                                var keyed = call.withApiKey(apiKey);
                                if (listener == null) {
                                    return provider.chat(deployment, keyed);
                                }
                                var answer =
                                        provider.stream(
                                                deployment,
                                                keyed,
                                                new Relay(listener, deployment, streaming));
                                if (!streaming[0]) {
                                    // an empty answer: the client still gets its stream
                                    streaming[0] = true;
                                    listener.started(deployment.id());
                                }
                                return answer;
                            },
                            ProviderClient.ProviderAnswer::outputTokens);
            ProviderClient.ProviderAnswer answer = routed.answer();
            ModelDeployment used = routed.deployment();
            ChatResponse response =
                    new ChatResponse(
                            requestId,
                            used.id(),
                            used.modelGroup(),
                            used.provider(),
                            used.model(),
                            // OpenAI's convention: no text beside tool calls is null, not ""
                            answer.content().isEmpty() && !answer.toolCalls().isEmpty()
                                    ? null
                                    : answer.content(),
                            answer.finishReason(),
                            new Usage(answer.inputTokens(), answer.outputTokens()),
                            registry.prices(used).cost(answer.inputTokens(), answer.outputTokens()),
                            millis(start),
                            routed.attempts(),
                            false,
                            answer.toolCalls());
            if (key != null) {
                cache.put(key, response);
            }
            metrics.used(used, answer.inputTokens(), answer.outputTokens(), response.cost());
            record(requestId, principal, group, response, true);
            return response;
        } catch (RuntimeException failure) {
            recordFailure(requestId, principal, group, millis(start));
            throw failure;
        }
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request, String principal) {
        List<String> texts = validate(request);
        String group = request.model();
        known(group, ModelDeployment.EMBEDDINGS);
        long inputTokens = Tokens.estimateTexts(texts);
        admit(principal, inputTokens);
        long start = System.nanoTime();
        String requestId = requestId();
        try {
            Routed<ProviderClient.EmbeddingAnswer> routed =
                    route(
                            List.of(group),
                            List.of(ModelDeployment.EMBEDDINGS),
                            new Strategy.Estimate(group, inputTokens, 0, 0),
                            strategies.get(properties.routing().strategy()),
                            new boolean[1],
                            (deployment, provider, apiKey) ->
                                    provider.embed(deployment, texts, apiKey),
                            a -> 0);
            ModelDeployment used = routed.deployment();
            long tokens = routed.answer().inputTokens();
            EmbeddingResponse response =
                    new EmbeddingResponse(
                            used.id(),
                            used.modelGroup(),
                            used.provider(),
                            routed.answer().vectors(),
                            new Usage(tokens, 0),
                            registry.prices(used).cost(tokens, 0),
                            millis(start),
                            routed.attempts());
            metrics.used(used, tokens, 0, response.cost());
            record(
                    new UsageLedger.Usage(
                            requestId,
                            principal,
                            group,
                            used.id(),
                            used.provider(),
                            tokens,
                            0,
                            response.cost(),
                            false,
                            true,
                            response.latencyMs(),
                            Instant.now()));
            return response;
        } catch (RuntimeException failure) {
            recordFailure(requestId, principal, group, millis(start));
            throw failure;
        }
    }

    /**
     * Passes a stream's pieces to the client's listener, announcing the deployment before the
     * first; a listener that throws (the client went away) ends the provider call.
     */
    private record Relay(StreamListener listener, ModelDeployment deployment, boolean[] streaming)
            implements ProviderClient.Deltas {

        @Override
        public void text(String text) {
            pass(() -> listener.delta(text));
        }

        @Override
        public void toolCall(ToolCallDelta piece) {
            pass(() -> listener.toolCall(piece));
        }

        private void pass(Runnable delivery) {
            if (!streaming[0]) {
                streaming[0] = true;
                listener.started(deployment.id());
            }
            try {
                delivery.run();
            } catch (RuntimeException gone) {
                throw new ProviderHttp.StreamAborted(gone);
            }
        }
    }

    /** The capabilities a deployment needs to answer {@code request}. */
    private static List<String> needs(ChatRequest request) {
        List<String> needs = new ArrayList<>(List.of(ModelDeployment.CHAT));
        if (request.wantsJson()) {
            needs.add(ModelDeployment.JSON);
        }
        if (request.usesTools()) {
            needs.add(ModelDeployment.TOOLS);
        }
        return needs;
    }

    // --- routing ------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Attempt<T> {
        T call(ModelDeployment deployment, ProviderClient provider, String apiKey);
    }

    private record Routed<T>(T answer, ModelDeployment deployment, int attempts) {}

    private <T> Routed<T> route(
            List<String> groups,
            List<String> needs,
            Strategy.Estimate estimate,
            Strategy strategy,
            boolean[] streaming,
            Attempt<T> attempt,
            java.util.function.ToLongFunction<T> outputTokens) {
        AiProperties.Routing routing = properties.routing();
        List<Map<String, Object>> failures = new ArrayList<>();
        int attempts = 0;
        long soonest = Long.MAX_VALUE;
        boolean anyCapable = false;
        boolean anyFits = false;
        for (String group : groups) {
            List<ModelDeployment> capable = capable(group, needs);
            List<ModelDeployment> eligible =
                    capable.stream().filter(d -> fits(d, estimate)).toList();
            anyCapable |= !capable.isEmpty();
            anyFits |= !eligible.isEmpty();
            Map<String, Integer> tried = new LinkedHashMap<>();
            Set<String> excluded = new HashSet<>();
            int tries = 0;
            while (tries < routing.attemptsPerGroup()) {
                long now = System.currentTimeMillis();
                List<Strategy.Candidate> usable = new ArrayList<>();
                long wake = Long.MAX_VALUE;
                for (ModelDeployment d : eligible) {
                    DeploymentState state = fleet.of(d.id());
                    if (excluded.contains(d.id())
                            || state.breaker.getState()
                                    == io.github.resilience4j.circuitbreaker.CircuitBreaker.State
                                            .OPEN) {
                        continue;
                    }
                    if (state.blockedUntil() > now) {
                        wake = Math.min(wake, state.blockedUntil());
                        continue;
                    }
                    if ((d.rpm() != null && state.requestsLastMinute(now) >= d.rpm())
                            || (d.tpm() != null
                                    && state.tokensLastMinute(now)
                                                    + estimate.inputTokens()
                                                    + estimate.maxTokens()
                                            > d.tpm())) {
                        wake = Math.min(wake, now + 1000);
                        continue;
                    }
                    usable.add(new Strategy.Candidate(d, state, registry.prices(d)));
                }
                if (usable.isEmpty()) {
                    if (wake != Long.MAX_VALUE && wake - now <= routing.maxRetryWait().toMillis()) {
                        sleep(wake - now);
                        continue;
                    }
                    soonest = Math.min(soonest, wake);
                    break;
                }
                List<Strategy.Candidate> fresh =
                        usable.stream().filter(c -> !tried.containsKey(c.id())).toList();
                Strategy.Candidate picked =
                        strategy.pick(
                                fresh.isEmpty() ? usable : fresh,
                                new Strategy.Estimate(
                                        group, estimate.inputTokens(), estimate.maxTokens(), now));
                ModelDeployment deployment = picked.deployment();
                DeploymentState state = picked.state();
                if (!state.breaker.tryAcquirePermission()) {
                    excluded.add(deployment.id()); // half-open, its one trial call is under way
                    continue;
                }
                String apiKey;
                try {
                    apiKey = apiKey(deployment);
                } catch (ProviderFailure missing) {
                    state.breaker.releasePermission();
                    excluded.add(deployment.id());
                    failures.add(failure(deployment, missing));
                    continue;
                }
                int repeat = tried.merge(deployment.id(), 1, Integer::sum);
                if (repeat > 1) {
                    sleep(
                            Math.min(
                                    routing.backoff().toMillis() << Math.min(repeat - 2, 10),
                                    routing.maxRetryWait().toMillis()));
                }
                tries++;
                attempts++;
                state.inFlight.incrementAndGet();
                state.sent(
                        estimate.inputTokens() + estimate.maxTokens(), System.currentTimeMillis());
                long t0 = System.nanoTime();
                try {
                    T answer = attempt.call(deployment, registry.provider(deployment), apiKey);
                    long nanos = System.nanoTime() - t0;
                    state.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                    metrics.call(deployment, "ok", nanos);
                    state.answered(
                            TimeUnit.NANOSECONDS.toMillis(nanos), outputTokens.applyAsLong(answer));
                    return new Routed<>(answer, deployment, attempts);
                } catch (ProviderFailure f) {
                    long nanos = System.nanoTime() - t0;
                    metrics.call(deployment, DeploymentMetrics.outcome(f), nanos);
                    if (!f.retryable()) {
                        state.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS); // it answered
                        throw new ServiceError(
                                HttpStatus.BAD_REQUEST,
                                "PROVIDER_REJECTED",
                                "The provider refused the request: "
                                        + scrub(f.getMessage(), apiKey),
                                Map.of("deployment", deployment.id(), "status", f.status()));
                    }
                    state.breaker.onError(nanos, TimeUnit.NANOSECONDS, f);
                    if (f.retryAfter() != null) {
                        state.blockUntil(System.currentTimeMillis() + f.retryAfter().toMillis());
                    }
                    log.warn(
                            "AI deployment {} failed (attempt {}): {}",
                            deployment.id(),
                            attempts,
                            scrub(f.getMessage(), apiKey));
                    failures.add(
                            failure(
                                    deployment,
                                    new ProviderFailure(
                                            f.status(),
                                            scrub(f.getMessage(), apiKey),
                                            f.retryAfter(),
                                            true)));
                    if (streaming[0]) {
                        throw new ServiceError(
                                HttpStatus.BAD_GATEWAY,
                                "AI_STREAM_INTERRUPTED",
                                "The provider failed while streaming the answer",
                                Map.of("attempts", failures));
                    }
                } catch (ProviderHttp.StreamAborted gone) {
                    state.breaker.onSuccess(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                    throw new ServiceError(
                            HttpStatus.BAD_REQUEST,
                            "CLIENT_CLOSED",
                            "The client closed the stream");
                } catch (RuntimeException other) {
                    // not the provider's doing (a refused input of the in-process model...): a
                    // half-open trial slot must not stay taken
                    state.breaker.releasePermission();
                    throw other;
                } finally {
                    state.inFlight.decrementAndGet();
                }
            }
        }
        if (!anyCapable) {
            // chat is checked before routing: name what the request needs beyond it
            List<String> named = needs.size() > 1 ? needs.subList(1, needs.size()) : needs;
            throw ServiceError.badRequest(
                    "CAPABILITY_NOT_SUPPORTED",
                    "No deployment of "
                            + groups
                            + (named.size() > 1 ? " has the capabilities " : " has the capability ")
                            + String.join(" and ", named)
                            + (needs.contains(ModelDeployment.TOOLS)
                                    ? ", which a request with tools or tool messages needs"
                                    : ""),
                    Map.of("capability", String.join(",", named)));
        }
        if (attempts == 0 && !anyFits) {
            throw ServiceError.badRequest(
                    "CONTEXT_WINDOW_EXCEEDED",
                    "The request (about "
                            + (estimate.inputTokens() + estimate.maxTokens())
                            + " tokens with max_tokens) exceeds the context window of every"
                            + " deployment of "
                            + groups,
                    Map.of("estimated_tokens", estimate.inputTokens() + estimate.maxTokens()));
        }
        if (attempts == 0) {
            long wait =
                    soonest == Long.MAX_VALUE
                            ? properties.routing().coolDown().toMillis()
                            : soonest - System.currentTimeMillis();
            throw ServiceError.serviceUnavailable(
                    "AI_MODELS_UNAVAILABLE",
                    "Every deployment of "
                            + groups
                            + " is cooling down, rate limited or unusable; retry later",
                    Duration.ofMillis(Math.max(1000, wait)));
        }
        throw new ServiceError(
                HttpStatus.BAD_GATEWAY,
                "AI_PROVIDERS_FAILED",
                "Every attempt to answer failed (" + attempts + " attempts over " + groups + ")",
                Map.of("attempts", failures));
    }

    /** The deployments of {@code group} that have every capability needed, in id order. */
    private List<ModelDeployment> capable(String group, List<String> needs) {
        List<ModelDeployment> capable = new ArrayList<>();
        for (ModelDeployment d : registry.group(group)) {
            if (needs.stream().allMatch(d::can) && registry.provider(d) != null) {
                capable.add(d);
            }
        }
        capable.sort((a, b) -> a.id().compareTo(b.id()));
        return capable;
    }

    private static boolean fits(ModelDeployment d, Strategy.Estimate estimate) {
        return d.contextWindow() == null
                || estimate.inputTokens() + estimate.maxTokens() <= d.contextWindow();
    }

    private String apiKey(ModelDeployment deployment) {
        if (deployment.connection() == null) {
            return null;
        }
        return secrets.secret(deployment.connection(), "apiKey")
                .or(() -> secrets.secret(deployment.connection(), "token"))
                .orElseThrow(
                        () ->
                                new ProviderFailure(
                                        0,
                                        "connection '"
                                                + deployment.connection()
                                                + "' does not exist or holds no secret apiKey or token",
                                        null,
                                        true));
    }

    private static Map<String, Object> failure(ModelDeployment deployment, ProviderFailure f) {
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("deployment", deployment.id());
        failure.put("status", f.status());
        failure.put("error", f.getMessage());
        return failure;
    }

    private static String scrub(String text, String apiKey) {
        if (text == null || apiKey == null || apiKey.length() < 4) {
            return text;
        }
        // providers quote a part of a wrong key back (OpenAI: "sk-abc***xyz"): drop both ends too
        String scrubbed = text.replace(apiKey, "******");
        if (apiKey.length() >= 8) {
            scrubbed =
                    scrubbed.replace(apiKey.substring(0, 6), "******")
                            .replace(apiKey.substring(apiKey.length() - 4), "****");
        }
        return scrubbed;
    }

    private List<String> groups(ChatRequest request) {
        List<String> groups = new ArrayList<>();
        groups.add(request.group());
        List<String> fallbacks =
                request.fallbacks() != null
                        ? request.fallbacks()
                        : properties.fallbacks().getOrDefault(request.group(), List.of());
        for (String fallback : fallbacks) {
            if (!groups.contains(fallback)) {
                groups.add(fallback);
            }
        }
        return groups;
    }

    // --- validation and accounting -------------------------------------------------------------

    private int validate(ChatRequest request) {
        if (request == null) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "A JSON body is required", null);
        }
        AiProperties.Routing routing = properties.routing();
        List<Map<String, String>> problems = new ArrayList<>();
        if (request.group() == null || request.group().isBlank()) {
            problems.add(problem("model", "is required: the model group to ask (or model_group)"));
        }
        if (request.messages() == null || request.messages().isEmpty()) {
            problems.add(problem("messages", "must hold at least one message"));
        } else {
            if (request.messages().size() > routing.maxMessages()) {
                problems.add(
                        problem(
                                "messages",
                                "at most " + routing.maxMessages() + " messages per request"));
            }
            long chars = 0;
            for (int i = 0; i < request.messages().size(); i++) {
                Message m = request.messages().get(i);
                if (m == null || m.role() == null || !ROLES.contains(m.role())) {
                    problems.add(
                            problem(
                                    "messages[" + i + "].role",
                                    "must be one of " + new TreeSet<>(ROLES)));
                } else {
                    chars += m.text().length();
                }
            }
            validateToolMessages(request.messages(), problems);
            if (chars > routing.maxChars()) {
                problems.add(
                        problem(
                                "messages",
                                "at most " + routing.maxChars() + " characters in all"));
            }
        }
        if (request.temperature() != null
                && (request.temperature() < 0 || request.temperature() > 2)) {
            problems.add(problem("temperature", "must be from 0 to 2"));
        }
        if (request.topP() != null && (request.topP() < 0 || request.topP() > 1)) {
            problems.add(problem("top_p", "must be from 0 to 1"));
        }
        if (request.maxTokens() != null
                && (request.maxTokens() < 1 || request.maxTokens() > 1_000_000)) {
            problems.add(problem("max_tokens", "must be from 1 to 1000000"));
        }
        if (request.strategy() != null && !strategies.containsKey(request.strategy())) {
            problems.add(problem("strategy", "must be one of " + strategies.keySet()));
        }
        if (request.fallbacks() != null
                && request.fallbacks().stream().anyMatch(f -> f == null || f.isBlank())) {
            problems.add(problem("fallbacks", "must be model group names"));
        }
        validateTools(request, problems);
        if (!problems.isEmpty()) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "The request is invalid", problems);
        }
        return request.maxTokens() == null ? routing.defaultMaxTokens() : request.maxTokens();
    }

    /**
     * Tool calls only in assistant messages, each with an id, a name and arguments that are a JSON
     * object; a {@code tool} message answers a call of the last assistant message before it.
     */
    private void validateToolMessages(List<Message> messages, List<Map<String, String>> problems) {
        Set<String> open = Set.of();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m == null) {
                continue;
            }
            String at = "messages[" + i + "]";
            if ("tool".equals(m.role())) {
                if (m.toolCallId() == null || m.toolCallId().isBlank()) {
                    problems.add(
                            problem(
                                    at + ".tool_call_id",
                                    "is required for a tool message: the id of the tool call it"
                                            + " answers"));
                } else if (!open.contains(m.toolCallId())) {
                    problems.add(
                            problem(
                                    at + ".tool_call_id",
                                    "names no tool call of the assistant message before it"));
                }
            }
            if (m.toolCalls() == null || m.toolCalls().isEmpty()) {
                if ("assistant".equals(m.role())) {
                    open = Set.of();
                }
                continue;
            }
            if (!"assistant".equals(m.role())) {
                problems.add(problem(at + ".tool_calls", "only assistant messages call tools"));
                continue;
            }
            open = new HashSet<>();
            for (int j = 0; j < m.toolCalls().size(); j++) {
                ToolCall call = m.toolCalls().get(j);
                String here = at + ".tool_calls[" + j + "]";
                if (call == null || call.id() == null || call.id().isBlank()) {
                    problems.add(problem(here + ".id", "is required"));
                } else {
                    open.add(call.id());
                }
                if (call != null && call.type() != null && !"function".equals(call.type())) {
                    problems.add(problem(here + ".type", "must be function"));
                }
                if (call == null || call.function() == null || blank(call.function().name())) {
                    problems.add(problem(here + ".function.name", "is required"));
                } else if (!jsonObject(call.function().arguments())) {
                    problems.add(
                            problem(
                                    here + ".function.arguments",
                                    "must be the JSON text of an object"));
                }
            }
        }
    }

    /** Tools with unique valid names; a {@code tool_choice} only with tools, naming one of them. */
    private static void validateTools(ChatRequest request, List<Map<String, String>> problems) {
        List<Tool> tools = request.tools() == null ? List.of() : request.tools();
        if (tools.size() > MAX_TOOLS) {
            problems.add(problem("tools", "at most " + MAX_TOOLS + " tools per request"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            Tool tool = tools.get(i);
            String at = "tools[" + i + "]";
            if (tool == null || !"function".equals(tool.type())) {
                problems.add(problem(at + ".type", "must be function"));
            }
            if (tool == null || tool.function() == null || blank(tool.function().name())) {
                problems.add(problem(at + ".function.name", "is required"));
            } else if (!TOOL_NAME.matcher(tool.function().name()).matches()) {
                problems.add(
                        problem(
                                at + ".function.name",
                                "must be 1 to 64 letters, digits, underscores or dashes"));
            } else if (!names.add(tool.function().name())) {
                problems.add(problem(at + ".function.name", "is the name of another tool too"));
            }
        }
        Object choice = request.toolChoice();
        if (choice == null) {
            return;
        }
        if (tools.isEmpty()) {
            problems.add(problem("tool_choice", "is only allowed when tools are given"));
        } else if (choice instanceof String mode
                ? !TOOL_CHOICES.contains(mode)
                : !names(choice, names)) {
            problems.add(
                    problem(
                            "tool_choice",
                            "must be auto, none, required or"
                                    + " {\"type\":\"function\",\"function\":{\"name\":...}} naming"
                                    + " one of the tools"));
        }
    }

    /** Whether {@code choice} is {@code {"type":"function","function":{"name":...}}} of a tool. */
    private static boolean names(Object choice, Set<String> tools) {
        return choice instanceof Map<?, ?> named
                && "function".equals(named.get("type"))
                && named.get("function") instanceof Map<?, ?> function
                && function.get("name") instanceof String name
                && tools.contains(name);
    }

    private boolean jsonObject(String text) {
        if (text == null || text.isBlank()) {
            return true; // no arguments
        }
        try {
            return json.readTree(text).isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private List<String> validate(EmbeddingRequest request) {
        if (request == null) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "A JSON body is required", null);
        }
        List<Map<String, String>> problems = new ArrayList<>();
        if (request.model() == null || request.model().isBlank()) {
            problems.add(problem("model", "is required: the model group to ask"));
        }
        List<String> texts = new ArrayList<>();
        if (request.input() instanceof String text) {
            texts.add(text);
        } else if (request.input() instanceof List<?> list
                && !list.isEmpty()
                && list.stream().allMatch(String.class::isInstance)) {
            list.forEach(t -> texts.add((String) t));
        } else {
            problems.add(problem("input", "must be a text or a non-empty list of texts"));
        }
        if (texts.size() > properties.routing().maxMessages()) {
            problems.add(
                    problem(
                            "input",
                            "at most "
                                    + properties.routing().maxMessages()
                                    + " texts per request"));
        }
        if (texts.stream().mapToLong(String::length).sum() > properties.routing().maxChars()) {
            problems.add(
                    problem(
                            "input",
                            "at most " + properties.routing().maxChars() + " characters in all"));
        }
        if (!problems.isEmpty()) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "The request is invalid", problems);
        }
        return texts;
    }

    private void known(String group, String capability) {
        boolean served =
                registry.group(group).stream()
                        .anyMatch(d -> d.can(capability) && registry.provider(d) != null);
        if (!served) {
            Set<String> groups = new TreeSet<>();
            registry.deployments().values().stream()
                    .filter(d -> d.can(capability))
                    .forEach(d -> groups.add(d.modelGroup()));
            throw new ServiceError(
                    HttpStatus.NOT_FOUND,
                    "UNKNOWN_MODEL",
                    "No deployment of model '" + group + "' serves " + capability,
                    Map.of("model", group, "available", groups));
        }
    }

    private void record(UsageLedger.Usage usage) {
        UsageLedger l = ledger();
        if (l != null) {
            l.record(usage);
        }
    }

    private void admit(String principal, long tokens) {
        UsageLedger l = ledger();
        if (l != null) {
            l.admit(principal, tokens);
        }
    }

    private void record(
            String requestId, String principal, String group, ChatResponse r, boolean ok) {
        record(
                new UsageLedger.Usage(
                        requestId,
                        principal,
                        group,
                        r.model(),
                        r.provider(),
                        r.usage().inputTokens(),
                        r.usage().outputTokens(),
                        r.cost(),
                        r.cacheHit(),
                        ok,
                        r.latencyMs(),
                        Instant.now()));
    }

    private void recordFailure(String requestId, String principal, String group, long latencyMs) {
        record(
                new UsageLedger.Usage(
                        requestId,
                        principal,
                        group,
                        null,
                        null,
                        0,
                        0,
                        BigDecimal.ZERO,
                        false,
                        false,
                        latencyMs,
                        Instant.now()));
    }

    /** The usage ledger, looked up once: a lookup per request costs a bean factory search. */
    private UsageLedger ledger() {
        UsageLedger found = resolvedLedger;
        if (found == null) {
            found = ledger.getIfAvailable();
            resolvedLedger = found;
        }
        return found;
    }

    private static String requestId() {
        String current = Correlation.current();
        return current != null ? current : UUID.randomUUID().toString();
    }

    private static long millis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceError.serviceUnavailable(
                    "AI_MODELS_UNAVAILABLE",
                    "Interrupted while waiting to retry",
                    Duration.ofSeconds(1));
        }
    }

    private static Map<String, String> problem(String field, String message) {
        Map<String, String> problem = new LinkedHashMap<>();
        problem.put("field", field);
        problem.put("message", message);
        return problem;
    }
}
