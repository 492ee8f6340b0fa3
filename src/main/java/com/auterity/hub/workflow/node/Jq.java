package com.auterity.hub.workflow.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.language.jq.JqLanguage;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * The jq language as workflows use it: expressions are checked before a workflow is accepted, and
 * the functions that would read the hub's environment ({@code env}, {@code $ENV}) answer an empty
 * object, so no expression can read a secret from it.
 */
@Component
public class Jq implements CamelContextConfiguration {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext camel;

    Jq(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        JqLanguage jq = (JqLanguage) context.resolveLanguage("jq");
        if (jq.getRootScope() == null) {
            jq.init();
        }
        jq.getRootScope()
                .addFunction(
                        "env",
                        0,
                        (scope, args, in, path, output, version) ->
                                output.emit(JsonNodeFactory.instance.objectNode(), null));
        jq.getRootScope().setValue("ENV", JsonNodeFactory.instance.objectNode());
    }

    @Override
    public void afterApplicationStart(CamelContext context) {}

    /** A problem with {@code expression} as jq, or {@code null} when it compiles. */
    String problem(String setting, String expression) {
        if (expression == null || expression.isBlank()) {
            return "'" + setting + "' must be a jq expression";
        }
        if (expression.contains("{{") || expression.contains("}}")) {
            return "'" + setting + "' must not contain '{{' or '}}'";
        }
        try {
            ((JqLanguage) camel.resolveLanguage("jq")).validateExpression(expression);
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

    static List<Object> none() {
        return List.of();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
