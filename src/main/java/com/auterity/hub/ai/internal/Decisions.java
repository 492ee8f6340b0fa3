package com.auterity.hub.ai.internal;

import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.ai.CognitiveEngine.Constraint;
import com.auterity.hub.ai.CognitiveEngine.Contribution;
import com.auterity.hub.ai.CognitiveEngine.Criterion;
import com.auterity.hub.ai.CognitiveEngine.DecideRequest;
import com.auterity.hub.ai.CognitiveEngine.DecideResult;
import com.auterity.hub.ai.CognitiveEngine.ExcludedOption;
import com.auterity.hub.ai.CognitiveEngine.Option;
import com.auterity.hub.ai.CognitiveEngine.RankedOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Picks the best option under weighted criteria and hard constraints (simple additive weighting).
 * An option that breaks a constraint, or lacks a value for a criterion, is excluded with the
 * reasons. For each criterion the values of the remaining options are scaled to 0-1 by min-max (1
 * is the best value: the highest to maximize, the lowest to minimize; when all options share a
 * value, each gets 1), the weights are scaled to sum 1, and an option's score is the weighted sum.
 * Options with equal scores share a rank and keep the order of the request.
 */
@Component
public class Decisions {

    static final int MAX_CRITERIA = 100;
    private static final double EPSILON = 1e-9;

    private final int maxOptions;

    @Autowired
    public Decisions(AiProperties ai) {
        this(ai.cognitive().maxOptions());
    }

    Decisions(int maxOptions) {
        this.maxOptions = maxOptions;
    }

    private record Scored(int order, Option option, double score, List<Contribution> parts) {}

    public DecideResult decide(DecideRequest request) {
        validate(request);
        List<Criterion> criteria = request.criteria();
        List<Constraint> constraints =
                request.constraints() == null ? List.of() : request.constraints();
        double total = criteria.stream().mapToDouble(Criterion::weight).sum();

        List<Option> feasible = new ArrayList<>();
        List<ExcludedOption> excluded = new ArrayList<>();
        for (Option option : request.options()) {
            List<String> reasons = new ArrayList<>();
            for (Constraint c : constraints) {
                Double v = value(option, c.criterion());
                if (v == null) {
                    reasons.add("has no value for '" + c.criterion() + "'");
                } else if (c.min() != null && v < c.min()) {
                    reasons.add(
                            c.criterion()
                                    + " "
                                    + number(v)
                                    + " is below the minimum "
                                    + number(c.min()));
                } else if (c.max() != null && v > c.max()) {
                    reasons.add(
                            c.criterion()
                                    + " "
                                    + number(v)
                                    + " is above the maximum "
                                    + number(c.max()));
                }
            }
            for (Criterion c : criteria) {
                if (value(option, c.name()) == null
                        && constraints.stream().noneMatch(k -> k.criterion().equals(c.name()))) {
                    reasons.add("has no value for '" + c.name() + "'");
                }
            }
            if (reasons.isEmpty()) {
                feasible.add(option);
            } else {
                excluded.add(new ExcludedOption(option.name(), List.copyOf(reasons)));
            }
        }

        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < feasible.size(); i++) {
            Option option = feasible.get(i);
            List<Contribution> parts = new ArrayList<>();
            double score = 0;
            for (Criterion c : criteria) {
                double v = value(option, c.name());
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (Option o : feasible) {
                    lo = Math.min(lo, value(o, c.name()));
                    hi = Math.max(hi, value(o, c.name()));
                }
                double normalized =
                        hi - lo < EPSILON
                                ? 1
                                : minimize(c) ? (hi - v) / (hi - lo) : (v - lo) / (hi - lo);
                double weight = c.weight() / total;
                score += weight * normalized;
                parts.add(
                        new Contribution(
                                c.name(),
                                v,
                                round(normalized),
                                round(weight),
                                round(weight * normalized)));
            }
            scored.add(new Scored(i, option, score, parts));
        }
        scored.sort(
                Comparator.comparingDouble(Scored::score)
                        .reversed()
                        .thenComparingInt(Scored::order));

        List<RankedOption> ranking = new ArrayList<>();
        int rank = 0;
        for (int i = 0; i < scored.size(); i++) {
            Scored s = scored.get(i);
            if (i == 0 || scored.get(i - 1).score() - s.score() > EPSILON) {
                rank = i + 1;
            }
            ranking.add(
                    new RankedOption(
                            rank, s.option().name(), round(s.score()), s.parts(), reason(s)));
        }
        String best = ranking.isEmpty() ? null : ranking.get(0).name();
        return new DecideResult(
                best, ranking, excluded, explanation(ranking, excluded, request.options().size()));
    }

    private static String reason(Scored s) {
        return "score "
                + number(round(s.score()))
                + ": "
                + s.parts().stream()
                        .sorted(Comparator.comparingDouble(Contribution::contribution).reversed())
                        .map(p -> p.criterion() + " " + number(p.contribution()))
                        .collect(Collectors.joining(", "));
    }

    private static String explanation(
            List<RankedOption> ranking, List<ExcludedOption> excluded, int options) {
        StringBuilder text = new StringBuilder();
        if (ranking.isEmpty()) {
            text.append("No option meets the constraints.");
        } else {
            RankedOption first = ranking.get(0);
            text.append(first.name()).append(" ranks first (").append(first.reason()).append(')');
            if (ranking.size() > 1) {
                RankedOption second = ranking.get(1);
                double gap = round(first.score() - second.score());
                text.append(
                        gap == 0
                                ? "; tied with " + second.name()
                                : ", " + number(gap) + " ahead of " + second.name());
            }
            text.append('.');
        }
        if (!excluded.isEmpty()) {
            text.append(' ')
                    .append(excluded.size())
                    .append(" of ")
                    .append(options)
                    .append(options == 1 ? " option" : " options")
                    .append(" excluded: ")
                    .append(
                            excluded.stream()
                                    .map(
                                            e ->
                                                    e.name()
                                                            + " ("
                                                            + String.join("; ", e.reasons())
                                                            + ")")
                                    .collect(Collectors.joining(", ")))
                    .append('.');
        }
        return text.toString();
    }

    private void validate(DecideRequest request) {
        Problems problems = new Problems();
        if (request.options() == null || request.options().isEmpty()) {
            problems.add("options", "give at least 1 option");
        } else if (request.options().size() > maxOptions) {
            problems.add("options", "at most " + maxOptions + " options");
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < request.options().size(); i++) {
                Option option = request.options().get(i);
                String where = "options[" + i + "]";
                if (option == null || option.name() == null || option.name().isBlank()) {
                    problems.add(where + ".name", "must not be blank");
                } else if (!names.add(option.name())) {
                    problems.add(where + ".name", "'" + option.name() + "' is given twice");
                }
                if (option != null && option.values() != null) {
                    option.values()
                            .forEach(
                                    (k, v) -> {
                                        if (v != null && !Double.isFinite(v)) {
                                            problems.add(
                                                    where + ".values." + k, "must be a number");
                                        }
                                    });
                }
            }
        }
        if (request.criteria() == null || request.criteria().isEmpty()) {
            problems.add("criteria", "give at least 1 criterion");
        } else if (request.criteria().size() > MAX_CRITERIA) {
            problems.add("criteria", "at most " + MAX_CRITERIA + " criteria");
        } else {
            Set<String> names = new HashSet<>();
            boolean anyWeight = false;
            for (int i = 0; i < request.criteria().size(); i++) {
                Criterion c = request.criteria().get(i);
                String where = "criteria[" + i + "]";
                if (c == null || c.name() == null || c.name().isBlank()) {
                    problems.add(where + ".name", "must not be blank");
                    continue;
                }
                if (!names.add(c.name())) {
                    problems.add(where + ".name", "'" + c.name() + "' is given twice");
                }
                if (c.weight() == null || !(c.weight() >= 0) || c.weight().isInfinite()) {
                    problems.add(where + ".weight", "must be a number, 0 or more");
                } else if (c.weight() > 0) {
                    anyWeight = true;
                }
                if (c.direction() != null && direction(c.direction()) == null) {
                    problems.add(where + ".direction", "must be maximize or minimize");
                }
            }
            if (problems.isEmpty() && !anyWeight) {
                problems.add("criteria", "at least one weight must be greater than 0");
            }
        }
        if (request.constraints() != null) {
            for (int i = 0; i < request.constraints().size(); i++) {
                Constraint c = request.constraints().get(i);
                String where = "constraints[" + i + "]";
                if (c == null || c.criterion() == null || c.criterion().isBlank()) {
                    problems.add(where + ".criterion", "must not be blank");
                    continue;
                }
                if (c.min() == null && c.max() == null) {
                    problems.add(where, "give min, max or both");
                } else if (c.min() != null && c.max() != null && c.min() > c.max()) {
                    problems.add(where, "min must not be greater than max");
                }
            }
        }
        problems.throwIfAny();
    }

    private static boolean minimize(Criterion c) {
        return "minimize".equals(direction(c.direction()));
    }

    private static String direction(String given) {
        if (given == null) {
            return "maximize";
        }
        return switch (given.toLowerCase(Locale.ROOT)) {
            case "maximize", "maximise", "max" -> "maximize";
            case "minimize", "minimise", "min" -> "minimize";
            default -> null;
        };
    }

    private static Double value(Option option, String criterion) {
        return option.values() == null ? null : option.values().get(criterion);
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(round(value));
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
