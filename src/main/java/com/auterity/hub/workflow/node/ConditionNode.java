package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Sends the message to port {@code true} or {@code false}. The test is either a jq boolean {@code
 * expression}, or the legacy structured form {@code {"conditions":[{"field", "operator", "value"}],
 * "logicalOperator": "and|or"}}, which compiles to the equivalent jq.
 */
@Component
class ConditionNode implements NodeType {

    private static final Map<String, String> COMPARISONS =
            Map.of("eq", "==", "ne", "!=", "gt", ">", "gte", ">=", "lt", "<", "lte", "<=");
    private static final List<String> OPERATORS =
            List.of("eq", "ne", "gt", "gte", "lt", "lte", "contains", "in", "not_in", "exists");

    private final Jq jq;

    ConditionNode(Jq jq) {
        this.jq = jq;
    }

    @Override
    public List<String> types() {
        return List.of("condition", "decision", "if");
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", "object");
        condition.put("required", List.of("field", "operator"));
        condition.put(
                "properties",
                Map.of(
                        "field",
                                Map.of(
                                        "type",
                                        "string",
                                        "description",
                                        "field of the message, dots for nesting"),
                        "operator", Map.of("enum", OPERATORS),
                        "value",
                                Map.of(
                                        "description",
                                        "value to compare with (an array for in and not_in)")));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put(
                "properties",
                Map.of(
                        "expression",
                                Map.of(
                                        "type",
                                        "string",
                                        "description",
                                        "jq expression giving true or false"),
                        "conditions", Map.of("type", "array", "items", condition),
                        "logicalOperator", Map.of("enum", List.of("and", "or"))));
        schema.put(
                "oneOf",
                List.of(
                        Map.of("required", List.of("expression")),
                        Map.of("required", List.of("conditions"))));
        return schema;
    }

    @Override
    public List<String> ports(Workflow.Node node) {
        return List.of("true", "false");
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        Object expression = node.settings().get("expression");
        Object conditions = node.settings().get("conditions");
        if (expression != null) {
            String problem = jq.problem("expression", expression instanceof String s ? s : null);
            return problem == null ? List.of() : List.of(problem);
        }
        if (!(conditions instanceof List<?> list) || list.isEmpty()) {
            return List.of("needs a jq 'expression' or a non-empty 'conditions' list");
        }
        List<String> problems = new ArrayList<>();
        Object logical = node.settings().getOrDefault("logicalOperator", "and");
        if (!(logical instanceof String l)
                || !List.of("and", "or").contains(l.toLowerCase(Locale.ROOT))) {
            problems.add("'logicalOperator' must be 'and' or 'or'");
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "conditions[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> c)) {
                problems.add(where + " must be an object");
                continue;
            }
            if (!(c.get("field") instanceof String field) || field.isBlank()) {
                problems.add(where + ".field must be a non-empty string");
            }
            Object operator = c.get("operator");
            if (!OPERATORS.contains(operator)) {
                problems.add(where + ".operator must be one of " + OPERATORS);
            } else if (!"exists".equals(operator) && !c.containsKey("value")) {
                problems.add(where + ".value is missing");
            } else if (("in".equals(operator) || "not_in".equals(operator))
                    && !(c.get("value") instanceof List)) {
                problems.add(where + ".value must be an array for '" + operator + "'");
            }
        }
        return problems;
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        String test =
                node.settings().get("expression") instanceof String expression
                        ? expression
                        : structured(node.settings());
        Map<String, Object> when =
                Steps.ordered("jq", "(" + test + ") == true", "steps", List.of(Steps.port("true")));
        return List.of(
                Map.of(
                        "choice",
                        Steps.ordered(
                                "when",
                                List.of(when),
                                "otherwise",
                                Map.of("steps", List.of(Steps.port("false"))))));
    }

    /** The structured conditions as one jq boolean expression. */
    static String structured(Map<String, Object> settings) {
        String joiner =
                "or"
                                .equalsIgnoreCase(
                                        String.valueOf(
                                                settings.getOrDefault("logicalOperator", "and")))
                        ? " or "
                        : " and ";
        return ((List<?>) settings.get("conditions"))
                .stream()
                        .map(c -> (Map<?, ?>) c)
                        .map(
                                c ->
                                        "(try ("
                                                + test(
                                                        (String) c.get("field"),
                                                        (String) c.get("operator"),
                                                        c.get("value"))
                                                + ") catch false)")
                        .collect(Collectors.joining(joiner));
    }

    private static String test(String field, String operator, Object value) {
        String path = Jq.path(field);
        String literal = Jq.literal(value);
        return switch (operator) {
            case "exists" -> path + " != null";
            case "in" -> path + " as $v | " + literal + " | any(. == $v)";
            case "not_in" -> path + " as $v | " + literal + " | any(. == $v) | not";
            case "contains" ->
                    path
                            + " as $v | if ($v|type) == \"array\" then ($v | any(. == "
                            + literal
                            + "))"
                            + " elif ($v|type) == \"string\" then ($v | contains("
                            + literal
                            + " | tostring)) else false end";
            // jq orders every string above every number: compare only values of the same type
            default ->
                    path
                            + " as $v | ($v|type) == ("
                            + literal
                            + "|type) and $v "
                            + COMPARISONS.get(operator)
                            + " "
                            + literal;
        };
    }
}
