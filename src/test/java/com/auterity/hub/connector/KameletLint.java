package com.auterity.hub.connector;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The conventions of the apache/camel-kamelets catalogue that a hub connector follows: its file is
 * named after it, its name says whether it is a source, a sink or an action (and its type label
 * agrees), it and every property are titled and described, and secrets are marked {@code format:
 * password} so that tools mask them.
 */
final class KameletLint {

    static final String SUFFIX = ".kamelet.yaml";
    static final String TYPE_LABEL = "camel.apache.org/kamelet.type";

    /**
     * The annotation of a sink or action that keeps the message's headers, saying why no header can
     * steer its endpoint (a log, say).
     */
    static final String HEADERS_KEPT = "hub.auterity.com/headers-kept";

    private static final List<String> TYPES = List.of("source", "sink", "action");
    private static final List<String> SECRET_WORDS =
            List.of(
                    "password",
                    "secret",
                    "token",
                    "apikey",
                    "api-key",
                    "api_key",
                    "credential",
                    "privatekey");

    private KameletLint() {}

    /**
     * What is wrong with the Kamelet in {@code file}, one readable sentence each; empty if fine.
     */
    static List<String> problems(Path file) {
        Object document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException | RuntimeException e) {
            return List.of("cannot be read as YAML: " + e.getMessage());
        }
        if (!(document instanceof Map<?, ?> kamelet)) {
            return List.of("is not a YAML mapping");
        }
        List<String> problems = new ArrayList<>();
        expectEqual(problems, "kind", "Kamelet", kamelet.get("kind"));
        expectEqual(problems, "apiVersion", "camel.apache.org/v1", kamelet.get("apiVersion"));

        Map<?, ?> metadata = map(kamelet.get("metadata"));
        String name = text(metadata.get("name"));
        String fileName = file.getFileName().toString();
        if (name.isBlank()) {
            problems.add("metadata.name is missing");
        } else {
            if (!fileName.equals(name + SUFFIX)) {
                problems.add(
                        "file name '%s' should be '%s' (metadata.name)"
                                .formatted(fileName, name + SUFFIX));
            }
            String type =
                    TYPES.stream().filter(t -> name.endsWith("-" + t)).findFirst().orElse(null);
            String label = text(map(metadata.get("labels")).get(TYPE_LABEL));
            if (type == null) {
                problems.add(
                        "metadata.name '%s' should end with -source, -sink or -action"
                                .formatted(name));
            } else if (!type.equals(label)) {
                problems.add(
                        "label %s should be '%s' (the name's suffix) but is '%s'"
                                .formatted(TYPE_LABEL, type, label));
            }
        }

        Map<?, ?> spec = map(kamelet.get("spec"));
        Map<?, ?> definition = map(spec.get("definition"));
        if (text(definition.get("title")).isBlank()) {
            problems.add("spec.definition.title is missing");
        }
        if (text(definition.get("description")).isBlank()) {
            problems.add("spec.definition.description is missing");
        }
        Map<?, ?> properties = map(definition.get("properties"));
        properties.forEach(
                (key, value) -> propertyProblems(problems, String.valueOf(key), map(value)));
        if (definition.get("required") instanceof List<?> required) {
            for (Object requiredName : required) {
                if (!properties.containsKey(requiredName)) {
                    problems.add(
                            "required property '%s' is not defined under %s"
                                    .formatted(requiredName, "spec.definition.properties"));
                }
            }
        } else if (definition.get("required") != null) {
            problems.add("spec.definition.required should be a list of property names");
        }
        if (spec.get("template") == null) {
            problems.add("spec.template is missing");
        } else if ((name.endsWith("-sink") || name.endsWith("-action"))
                && text(map(metadata.get("annotations")).get(HEADERS_KEPT)).isBlank()) {
            // STACK.md, known holes: a header of the message must not steer the endpoint
            Object steps = map(map(map(spec.get("template")).get("from"))).get("steps");
            Object first = steps instanceof List<?> list && !list.isEmpty() ? list.get(0) : null;
            if (!(first instanceof Map<?, ?> step) || !step.containsKey("removeHeaders")) {
                problems.add(
                        "a sink or action must start by removing the message's headers"
                                + " (removeHeaders), so that none steers its endpoint");
            }
        }
        return problems;
    }

    private static void propertyProblems(List<String> problems, String name, Map<?, ?> property) {
        for (String field : List.of("title", "description", "type")) {
            if (text(property.get(field)).isBlank()) {
                problems.add("property '%s' has no %s".formatted(name, field));
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (SECRET_WORDS.stream().anyMatch(lower::contains)
                && !"password".equals(property.get("format"))) {
            problems.add(
                    "property '%s' looks like a secret but is not marked format: password"
                            .formatted(name));
        }
    }

    private static void expectEqual(
            List<String> problems, String field, String expected, Object actual) {
        if (!expected.equals(actual)) {
            problems.add("%s should be '%s' but is '%s'".formatted(field, expected, actual));
        }
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
