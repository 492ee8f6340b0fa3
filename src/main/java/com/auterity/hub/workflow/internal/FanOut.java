package com.auterity.hub.workflow.internal;

import com.auterity.hub.workflow.WorkflowProperties;
import com.auterity.hub.workflow.spi.NodeType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the compiled loop and parallel nodes call, by name: the processors that open an iteration or
 * a branch, the aggregation strategies that collect their results, and the shared thread pool they
 * run on. An iteration or a branch runs its nodes on a copy of the message (Camel's {@code enrich}
 * with {@link #OUTCOME}), so its failure, already recorded at the node that failed, comes back as a
 * value ({@link #FAILURE}) instead of ending the execution; the loop or parallel node then decides
 * and fails itself, under its own {@code onError}.
 */
@Configuration(proxyBeanMethods = false)
class FanOut {

    /** Exchange property: the suffix of node record ids in an iteration, e.g. {@code [2][0]}. */
    static final String ITERATION = "hubIteration";

    /** Exchange property: record id of the loop or parallel node running the current nodes. */
    static final String SCOPE = "hubScope";

    /** Exchange property: the first node of the current branch, to name it in errors. */
    static final String BRANCH = "hubBranch";

    /** Exchange property: why the current iteration or branch failed. */
    static final String FAILURE = "hubFailure";

    /** Exchange property: why a loop or parallel node fails, set once its runs are collected. */
    static final String VERDICT = "hubFanInFailure";

    /**
     * Exchange property: the {@link Abandon} of the innermost fan-out, so that iterations and
     * branches whose outcome no longer matters stop before their next node.
     */
    static final String ABANDON = "hubAbandon";

    /** Exchange property: the most items a loop node takes. */
    static final String MAX_ITERATIONS = "hubMaxIterations";

    static final String LOOP_ITEMS = "hubLoopItems";
    static final String ITERATION_STARTED = "hubIterationStarted";
    static final String BRANCH_STARTED = "hubBranchStarted";
    static final String OUTCOME = "hubScopeOutcome";
    static final String LOOP_RESULTS = "hubLoopResults";
    static final String FAN_OUT_STARTED = "hubFanOutStarted";
    static final String FAN_IN_ENDED = "hubFanInEnded";

    /** The thread pool of concurrent iterations and branches, in Camel's registry. */
    static final String THREADS = "hubWorkflowBranches";

    private static final String RESULTS = "hubFanInResults";

    /** The aggregation strategy of a merge node's strategy. */
    static String mergeStrategy(NodeType.Join join) {
        return switch (join) {
            case ALL -> "hubMergeAll";
            case FIRST -> "hubMergeFirst";
            case ANY -> "hubMergeAny";
        };
    }

    /**
     * One pool for every concurrent iteration and branch of every workflow, {@code
     * hub.workflow.branch-threads} threads. When all are busy, the caller runs the next branch
     * itself: nesting can never wait for a thread that waits for it.
     */
    FanOut(CamelContext camel, WorkflowProperties properties) {
        ThreadPoolProfile profile =
                new ThreadPoolProfileBuilder(THREADS)
                        .poolSize(properties.branchThreads())
                        .maxPoolSize(properties.branchThreads())
                        .maxQueueSize(0)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                        .build();
        ExecutorService pool =
                camel.getExecutorServiceManager()
                        .newThreadPool(this, "hub-workflow-branches", profile);
        camel.getRegistry().bind(THREADS, ExecutorService.class, pool);
    }

    /** Checks the array a loop node's {@code items} gave: an array, not too long. */
    @Bean(LOOP_ITEMS)
    Processor loopItems(ObjectMapper json) {
        return exchange -> {
            JsonNode items = tree(json, exchange.getMessage().getBody());
            if (!items.isArray()) {
                throw new IllegalArgumentException(
                        "'items' must give an array, it gave "
                                + items.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            int max = exchange.getProperty(MAX_ITERATIONS, Integer.class);
            if (items.size() > max) {
                throw new IllegalArgumentException(
                        "'items' gave "
                                + items.size()
                                + " items, more than maxIterations ("
                                + max
                                + ")");
            }
            exchange.getMessage().setBody(items);
        };
    }

    /**
     * Opens iteration {@code i} of the loop node being run: node records get the suffix {@code [i]}
     * (after the suffixes of enclosing loops).
     */
    @Bean(ITERATION_STARTED)
    Processor iterationStarted() {
        return exchange -> {
            String outer = Objects.toString(exchange.getProperty(ITERATION), "");
            exchange.setProperty(SCOPE, NodeRecorder.record(exchange));
            exchange.setProperty(
                    ITERATION,
                    outer + "[" + exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class) + "]");
            exchange.removeProperty(FAILURE);
        };
    }

    /** Opens a branch of the parallel node being run. */
    @Bean(BRANCH_STARTED)
    Processor branchStarted() {
        return exchange -> {
            exchange.setProperty(SCOPE, NodeRecorder.record(exchange));
            exchange.removeProperty(FAILURE);
        };
    }

    /**
     * Takes what an iteration or a branch ended with: its message, or its failure as {@link
     * #FAILURE}. The run's own state (node, handled error, stop) stays on its copy.
     */
    @Bean(OUTCOME)
    AggregationStrategy outcome() {
        return (original, run) -> {
            if (run == null) {
                return original;
            }
            String failure = run.getProperty(FAILURE, String.class);
            if (failure == null && run.getException() != null) {
                failure = NodeRecorder.error(run.getException());
            }
            if (failure != null) {
                original.setProperty(FAILURE, failure);
            } else {
                original.getMessage().setBody(run.getMessage().getBody());
            }
            return original;
        };
    }

    /**
     * Whether the fan-out a run belongs to (or one around it) has been decided without it: a failed
     * iteration stopped its loop, another branch won a {@code first} or {@code any} merge.
     */
    static boolean abandoned(Exchange exchange) {
        return exchange.getProperty(ABANDON) instanceof Abandon abandon && abandon.abandoned();
    }

    /** Set when a fan-out no longer waits for its runs; shared by all its runs. */
    record Abandon(AtomicBoolean decided, Abandon parent) {

        boolean abandoned() {
            return decided.get() || (parent != null && parent.abandoned());
        }
    }

    /** Opens a loop's iterations or a parallel node's branches. */
    @Bean(FAN_OUT_STARTED)
    Processor fanOutStarted() {
        return exchange ->
                exchange.setProperty(
                        ABANDON,
                        new Abandon(
                                new AtomicBoolean(), exchange.getProperty(ABANDON, Abandon.class)));
    }

    /**
     * Closes a fan-out, and fails the loop or parallel node whose runs failed ({@link #VERDICT}).
     */
    @Bean(FAN_IN_ENDED)
    Processor fanInEnded() {
        return exchange -> {
            Abandon abandon = exchange.getProperty(ABANDON, Abandon.class);
            if (abandon != null && abandon.parent() != null) {
                exchange.setProperty(ABANDON, abandon.parent());
            } else {
                exchange.removeProperty(ABANDON);
            }
            Object verdict = exchange.removeProperty(VERDICT);
            if (verdict != null) {
                throw new IllegalStateException(verdict.toString());
            }
        };
    }

    @Bean(LOOP_RESULTS)
    AggregationStrategy loopResults(ObjectMapper json) {
        return new Collect(json, null);
    }

    @Bean("hubMergeAll")
    AggregationStrategy mergeAll(ObjectMapper json) {
        return new Collect(json, NodeType.Join.ALL);
    }

    @Bean("hubMergeFirst")
    AggregationStrategy mergeFirst(ObjectMapper json) {
        return new Collect(json, NodeType.Join.FIRST);
    }

    @Bean("hubMergeAny")
    AggregationStrategy mergeAny(ObjectMapper json) {
        return new Collect(json, NodeType.Join.ANY);
    }

    /** The runs collected so far, by index. */
    private record Run(String name, String failure, Object body) {}

    /**
     * Collects the runs of a loop ({@code join == null}: results in item order; the first failed
     * iteration stops the loop) or the branches of a parallel node, as its merge node says. The
     * result is the input exchange itself, so nothing of a run's state leaks into the node's route;
     * a run that stopped the fan-out early (a failed iteration, the winning branch) is cleaned of
     * it before Camel copies its message back.
     */
    static final class Collect implements AggregationStrategy {

        private final ObjectMapper json;
        private final NodeType.Join join;

        Collect(ObjectMapper json, NodeType.Join join) {
            this.json = json;
            this.join = join;
        }

        @Override
        public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
            throw new UnsupportedOperationException("needs the input exchange");
        }

        @Override
        @SuppressWarnings("unchecked")
        public Exchange aggregate(Exchange oldExchange, Exchange run, Exchange input) {
            if (oldExchange == null) {
                // the first run of this fan-out: a property inherited from an enclosing one is
                // not ours
                input.setProperty(RESULTS, new TreeMap<Integer, Run>());
            }
            ((Map<Integer, Run>) input.getProperty(RESULTS)).put(index(run), run(run));
            return input;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onCompletion(Exchange result, Exchange input) {
            Map<Integer, Run> runs = (Map<Integer, Run>) input.removeProperty(RESULTS);
            if (result == null) {
                return; // no items: the message stays the empty array
            }
            if (result != input) {
                // stopped early by this run; Camel copies its message and state back next
                if (input.getProperty(ABANDON) instanceof Abandon abandon) {
                    abandon.decided().set(true);
                }
                Run stopper = run(result);
                result.setRouteStop(false);
                for (String key : List.of(SCOPE, ITERATION, BRANCH, FAILURE)) {
                    Object value = input.getProperty(key);
                    if (value == null) {
                        result.removeProperty(key);
                    } else {
                        result.setProperty(key, value);
                    }
                }
                if (stopper.failure() != null) {
                    result.getMessage().setBody(input.getMessage().getBody());
                    result.setProperty(
                            VERDICT,
                            join == null
                                    ? stopper.name() + " failed: " + stopper.failure()
                                    : stopper.name()
                                            + " ended first, and failed: "
                                            + stopper.failure());
                }
                return;
            }
            List<String> failures = new ArrayList<>();
            runs.values().stream()
                    .filter(r -> r.failure() != null)
                    .forEach(r -> failures.add(r.name() + " failed: " + r.failure()));
            if (join == NodeType.Join.ANY || join == NodeType.Join.FIRST) {
                // no branch stopped the others: every branch failed (any), or there were none
                Run success =
                        runs.values().stream()
                                .filter(r -> r.failure() == null)
                                .findFirst()
                                .orElse(null);
                if (success != null) {
                    input.getMessage().setBody(success.body());
                } else {
                    input.setProperty(
                            VERDICT, "every branch failed: " + String.join("; ", failures));
                }
                return;
            }
            if (!failures.isEmpty()) {
                input.setProperty(VERDICT, String.join("; ", failures));
                return;
            }
            ArrayNode results = json.createArrayNode();
            runs.values().forEach(r -> results.add(tree(json, r.body())));
            input.getMessage().setBody(results);
        }

        private Run run(Exchange run) {
            int index = index(run);
            String name =
                    join == null
                            ? "iteration " + index
                            : "branch '"
                                    + Objects.toString(run.getProperty(BRANCH), "" + index)
                                    + "'";
            return new Run(
                    name, run.getProperty(FAILURE, String.class), run.getMessage().getBody());
        }

        private int index(Exchange run) {
            Integer index =
                    run.getProperty(
                            join == null ? Exchange.SPLIT_INDEX : Exchange.MULTICAST_INDEX,
                            Integer.class);
            return index == null ? 0 : index;
        }
    }

    /** A message body as JSON. */
    static JsonNode tree(ObjectMapper json, Object body) {
        if (body instanceof JsonNode node) {
            return node;
        }
        if (body == null) {
            return json.nullNode();
        }
        if (body instanceof String text) {
            try {
                return json.readTree(text);
            } catch (Exception notJson) {
                return json.getNodeFactory().textNode(text);
            }
        }
        if (body instanceof byte[] bytes) {
            try {
                return json.readTree(bytes);
            } catch (Exception notJson) {
                return json.getNodeFactory().textNode(new String(bytes));
            }
        }
        return json.valueToTree(body);
    }
}
