package com.auterity.hub.workflow.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * JSON Schemas as workflows use them (draft 2020-12, the default, or draft 7), compiled once and
 * cached by their text. A schema from a workflow is untrusted: it may only refer to its own parts
 * ({@code "$ref": "#/$defs/..."}); a remote or file reference is refused when the workflow is
 * created, and the loader, which serves only the bundled meta-schemas, would refuse it again. No
 * schema ever makes the hub open a connection or read a file.
 */
@Component
class JsonSchemas {

    /** Most violations listed in one error. */
    static final int MAX_VIOLATIONS = 20;

    /** Longest schema, as JSON text. */
    static final int MAX_LENGTH = 100_000;

    static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    static final String DRAFT_7 = "http://json-schema.org/draft-07/schema#";

    /** The {@code $schema} values accepted (with or without the empty fragment). */
    private static final Set<String> DIALECTS =
            Set.of(
                    DRAFT_2020_12,
                    DRAFT_2020_12 + "#",
                    DRAFT_7,
                    "http://json-schema.org/draft-07/schema");

    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");

    /** Keywords whose values are data, not schemas: a "$ref" in them refers to nothing. */
    private static final Set<String> DATA = Set.of("const", "enum", "default", "examples");

    private final ObjectMapper json;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Cache<String, JsonSchema> compiled =
            Caffeine.newBuilder().maximumSize(1_000).build();

    JsonSchemas(ObjectMapper json) {
        this.json = json;
        this.factory =
                JsonSchemaFactory.getInstance(
                        SpecVersion.VersionFlag.V202012,
                        builder ->
                                builder.schemaLoaders(
                                        loaders ->
                                                // only the meta-schemas in the validator's jar:
                                                // anything else (http, file, other classpath
                                                // resources) fails before it is opened
                                                loaders.add(
                                                        new AllowSchemaLoader(
                                                                iri ->
                                                                        iri.toString()
                                                                                        .startsWith(
                                                                                                "classpath:draft/2020-12/")
                                                                                || iri.toString()
                                                                                        .startsWith(
                                                                                                "classpath:draft-07/")))));
        this.config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
    }

    /** The problems of {@code schema} (a setting's value) as a JSON Schema; empty when valid. */
    List<String> problems(String setting, Object schema) {
        if (!(schema instanceof Map<?, ?>)) {
            return List.of("'" + setting + "' must be a JSON Schema object");
        }
        String text = Jq.literal(schema);
        if (text.length() > MAX_LENGTH) {
            return List.of("'" + setting + "' is longer than " + MAX_LENGTH + " characters");
        }
        JsonNode node = json.valueToTree(schema);
        List<String> problems = new ArrayList<>();
        references(setting, node, "", problems);
        if (!problems.isEmpty()) {
            return problems;
        }
        JsonNode dialect = node.path("$schema");
        String meta = dialect.isMissingNode() ? DRAFT_2020_12 : dialect.asText();
        Set<ValidationMessage> violations =
                factory.getSchema(SchemaLocation.of(meta), config).validate(node);
        if (!violations.isEmpty()) {
            return List.of("'" + setting + "' is not a valid JSON Schema: " + describe(violations));
        }
        try {
            compiled.get(text, this::compile);
            return List.of();
        } catch (RuntimeException e) {
            return List.of("'" + setting + "' cannot be compiled: " + e.getMessage());
        }
    }

    /** The compiled schema of a text that {@link #problems} accepted, from the cache. */
    JsonSchema compiled(String text) {
        return compiled.get(text, this::compile);
    }

    /**
     * The violations in the order the validator found them (the schema's order, array items by
     * index), at most {@value #MAX_VIOLATIONS}.
     */
    static String describe(Set<ValidationMessage> violations) {
        List<ValidationMessage> sorted = List.copyOf(violations);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(sorted.size(), MAX_VIOLATIONS); i++) {
            ValidationMessage v = sorted.get(i);
            String pointer = v.getInstanceLocation().toString();
            text.append(i == 0 ? "" : "; ")
                    .append(pointer.isEmpty() ? "/" : pointer)
                    .append(": ")
                    .append(v.getError());
        }
        if (sorted.size() > MAX_VIOLATIONS) {
            text.append("; and ").append(sorted.size() - MAX_VIOLATIONS).append(" more");
        }
        return text.toString();
    }

    private JsonSchema compile(String text) {
        try {
            JsonSchema schema = factory.getSchema(json.readTree(text), config);
            // resolve every $ref now: a broken one fails the workflow's creation, not a message
            schema.initializeValidators();
            return schema;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    /** Refuses references out of the schema and dialects other than 2020-12 and 7. */
    private static void references(
            String setting, JsonNode node, String pointer, List<String> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                references(setting, node.get(i), pointer + "/" + i, problems);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            String at = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
            if (REFERENCES.contains(key) && value.isTextual() && !value.asText().startsWith("#")) {
                problems.add(
                        "'"
                                + setting
                                + "' may only refer to its own definitions ('#/...'): "
                                + key
                                + " at "
                                + at
                                + " refers to '"
                                + value.asText()
                                + "'; remote and file references are never fetched");
            } else if ("$schema".equals(key)
                    && !(value.isTextual() && DIALECTS.contains(value.asText()))) {
                problems.add(
                        "'"
                                + setting
                                + "' must use draft 2020-12 ("
                                + DRAFT_2020_12
                                + ", the default) or draft 7 ("
                                + DRAFT_7
                                + "); $schema at "
                                + (pointer.isEmpty() ? "/" : pointer)
                                + " is '"
                                + value.asText()
                                + "'");
            } else if (!DATA.contains(key)) {
                references(setting, value, at, problems);
            }
        }
    }
}
