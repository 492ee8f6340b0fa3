package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Sends the message to the port of the first case whose jq {@code expression} is true, else to the
 * {@code default} port (named {@code default} unless set): {@code {"cases": [{"port": "high",
 * "expression": ".score > 80"}], "default": "low"}}. Edges name the port in {@code sourcePort} (the
 * studio's {@code output-high} is port {@code high}).
 */
@Component
class SwitchNode implements NodeType {

    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private final Jq jq;

    SwitchNode(Jq jq) {
        this.jq = jq;
    }

    @Override
    public List<String> types() {
        return List.of("switch");
    }

    @Override
    public Map<String, Object> schema() {
        return Steps.ordered(
                "type", "object",
                "required", List.of("cases"),
                "properties",
                        Steps.ordered(
                                "cases",
                                        Map.of(
                                                "type",
                                                "array",
                                                "items",
                                                Steps.ordered(
                                                        "type", "object",
                                                        "required", List.of("port", "expression"),
                                                        "properties",
                                                                Steps.ordered(
                                                                        "port",
                                                                                Map.of(
                                                                                        "type",
                                                                                        "string",
                                                                                        "pattern",
                                                                                        PORT_NAME
                                                                                                .pattern()),
                                                                        "expression",
                                                                                Map.of(
                                                                                        "type",
                                                                                        "string",
                                                                                        "description",
                                                                                        "jq, true selects the port")))),
                                "default",
                                        Map.of("type", "string", "pattern", PORT_NAME.pattern())));
    }

    @Override
    public List<String> ports(Workflow.Node node) {
        List<String> ports = new ArrayList<>();
        if (node.settings().get("cases") instanceof List<?> cases) {
            for (Object c : cases) {
                if (c instanceof Map<?, ?> m && m.get("port") instanceof String port) {
                    ports.add(port);
                }
            }
        }
        ports.add(defaultPortName(node));
        return ports;
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        List<String> problems = new ArrayList<>();
        if (!(node.settings().get("cases") instanceof List<?> cases) || cases.isEmpty()) {
            return List.of("'cases' must be a non-empty list of {port, expression}");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cases.size(); i++) {
            String where = "cases[" + i + "]";
            if (!(cases.get(i) instanceof Map<?, ?> c)) {
                problems.add(where + " must be an object");
                continue;
            }
            if (!(c.get("port") instanceof String port)
                    || !PORT_NAME.matcher(port).matches()
                    || "error".equals(port)) {
                problems.add(
                        where
                                + ".port must be 1-32 lower-case letters, digits, '-' or '_' (not 'error')");
            } else if (!seen.add(port)) {
                problems.add(where + ".port '" + port + "' is used twice");
            }
            String problem =
                    jq.problem(
                            where + ".expression",
                            c.get("expression") instanceof String e ? e : null);
            if (problem != null) {
                problems.add(problem);
            }
        }
        String fallback = defaultPortName(node);
        if (!PORT_NAME.matcher(fallback).matches() || seen.contains(fallback)) {
            problems.add("'default' must be a port name of its own");
        }
        return problems;
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        List<Object> when = new ArrayList<>();
        for (Object c : (List<?>) node.settings().get("cases")) {
            Map<?, ?> branch = (Map<?, ?>) c;
            when.add(
                    Steps.ordered(
                            "jq",
                            "(" + branch.get("expression") + ") == true",
                            "steps",
                            List.of(Steps.port((String) branch.get("port")))));
        }
        return List.of(
                Map.of(
                        "choice",
                        Steps.ordered(
                                "when",
                                when,
                                "otherwise",
                                Map.of("steps", List.of(Steps.port(defaultPortName(node)))))));
    }

    private static String defaultPortName(Workflow.Node node) {
        return String.valueOf(node.settings().getOrDefault("default", "default"));
    }
}
