package com.auterity.hub.workflow.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Versions;
import org.springframework.stereotype.Component;

/**
 * The jq language as workflows use it: expressions are checked before a workflow is accepted, and
 * one that would read the hub's environment ({@code env}, {@code $ENV}, where a jq version offers
 * them) is refused, so no workflow can read a secret from it.
 */
@Component
public class Jq {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STRINGS = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"");
    private static final Pattern ENVIRONMENT =
            Pattern.compile("(?<![\\w$.])(env|\\$ENV|\\$__loc__|input_filename)(?!\\w|\\s*:)");

    /** The problems of the jq expression in setting {@code key}: none, or one. */
    List<String> problems(Map<String, Object> settings, String key) {
        Object expression = settings.get(key);
        String problem = problem(key, expression instanceof String s ? s : null);
        return problem == null ? List.of() : List.of(problem);
    }

    /** A problem with {@code expression} as jq, or {@code null} when it compiles. */
    String problem(String setting, String expression) {
        if (expression == null || expression.isBlank()) {
            return "'" + setting + "' must be a jq expression";
        }
        if (expression.contains("{{") || expression.contains("}}")) {
            return "'" + setting + "' must not contain '{{' or '}}'";
        }
        if (ENVIRONMENT.matcher(STRINGS.matcher(expression).replaceAll("\"\"")).find()) {
            return "'" + setting + "' must not read the hub's environment (env, $ENV)";
        }
        try {
            JsonQuery.compile(expression, Versions.JQ_1_6);
            return null;
        } catch (Exception e) {
            return "'" + setting + "' is not a valid jq expression: " + firstLine(e.getMessage());
        }
    }

    /** {@code value} as a jq (JSON) literal. */
    static String literal(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not representable as JSON: " + value, e);
        }
    }

    /**
     * A field path such as {@code customer.budget} as a jq path: {@code .["customer"]["budget"]}.
     */
    static String path(String field) {
        StringBuilder jq = new StringBuilder(".");
        for (String part : field.split("\\.")) {
            jq.append('[').append(literal(part)).append(']');
        }
        return jq.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
