package com.auterity.hub.ai.node;

import com.auterity.hub.ai.AiModels;
import com.auterity.hub.ai.AiRouter;
import com.auterity.hub.ai.AiRouter.ChatRequest;
import com.auterity.hub.ai.AiRouter.Message;
import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * A call to a language model through the AI router: {@code {"model": "<model group>", "prompt":
 * "Summarise this ticket: {ticket.body}", "system": "...", "temperature": 0, "max_tokens": 200,
 * "output": "summary", "json": false}}. {@code {field.path}} in the prompt and the system prompt is
 * replaced by that field of the message (a text as it is, anything else as JSON), {@code {$}} by
 * the whole message; other braces stay as they are. The answer goes into the message at {@code
 * output} (default {@code completion}): the text, or with {@code json: true} the parsed JSON object
 * (the model is asked for JSON output, and an answer that is not JSON fails the node). The call is
 * admitted and accounted by the usage ledger as principal {@code workflow:<workflow id>}.
 *
 * <p>The legacy Auterity type {@code ai_process} maps onto this node: its {@code model} is the
 * model group, and without a {@code prompt} the node's label and any other settings of the step
 * become the instruction, followed by the message as JSON, with a JSON answer.
 */
@Component
class AiModelNode implements NodeType {

    static final String LEGACY = "ai_process";

    /** {@code {$}} or {@code {a.b.c}}: anything else in braces is text. */
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{(\\$|[A-Za-z_][A-Za-z0-9_-]*(?:\\.[A-Za-z_][A-Za-z0-9_-]*)*)}");

    private static final List<String> OWN_SETTINGS =
            List.of(
                    "model",
                    "prompt",
                    "system",
                    "temperature",
                    "max_tokens",
                    "maxTokens",
                    "output",
                    "json");

    private final ObjectMapper json;
    private final AiModels models;

    AiModelNode(ObjectMapper json, AiModels models) {
        this.json = json;
        this.models = models;
    }

    @Override
    public List<String> types() {
        return List.of("ai-model", "text-generation", "llm", LEGACY);
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(
                "model",
                Map.of("type", "string", "description", "the model group to ask (see /ai/models)"));
        properties.put(
                "prompt",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "the instruction; {field.path} is replaced by that field, {$} by the message"));
        properties.put("system", Map.of("type", "string", "description", "the system prompt"));
        properties.put("temperature", Map.of("type", "number", "minimum", 0, "maximum", 2));
        properties.put("max_tokens", Map.of("type", "integer", "minimum", 1, "maximum", 200000));
        properties.put(
                "output",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "field of the message that gets the answer (default: completion)"));
        properties.put(
                "json",
                Map.of(
                        "type",
                        "boolean",
                        "description",
                        "ask for a JSON answer and put the parsed object into the message"));
        return Map.of(
                "type", "object", "required", List.of("model", "prompt"), "properties", properties);
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        Map<String, Object> settings = node.settings();
        List<String> problems = new ArrayList<>(CognitiveNodes.validatePaths(node));
        if (!(settings.get("model") instanceof String model) || model.isBlank()) {
            problems.add("'model' is required: the model group to ask");
        } else if (models.list().stream()
                .noneMatch(d -> model.equals(d.deployment().modelGroup()))) {
            problems.add("unknown model group '" + model + "' (see GET /api/v1/ai/models)");
        }
        Object prompt = settings.get("prompt");
        if (prompt == null && !LEGACY.equals(node.type())
                || prompt != null && !(prompt instanceof String p && !p.isBlank())) {
            problems.add(
                    "'prompt' is required: the text to send, {path} taking a field of the message");
        }
        if (settings.get("system") != null && !(settings.get("system") instanceof String)) {
            problems.add("'system' must be a text");
        }
        if (settings.get("temperature") != null
                && !(settings.get("temperature") instanceof Number t
                        && t.doubleValue() >= 0
                        && t.doubleValue() <= 2)) {
            problems.add("'temperature' must be a number from 0 to 2");
        }
        if (maxTokens(settings) != null
                && !(maxTokens(settings) instanceof Integer m && m >= 1 && m <= 200000)) {
            problems.add("'max_tokens' must be an integer from 1 to 200000");
        }
        if (settings.get("json") != null && !(settings.get("json") instanceof Boolean)) {
            problems.add("'json' must be true or false");
        }
        return problems;
    }

    /** {@code max_tokens}, or as the studio writes it, {@code maxTokens}. */
    private static Object maxTokens(Map<String, Object> settings) {
        return settings.containsKey("maxTokens")
                ? settings.get("maxTokens")
                : settings.get("max_tokens");
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        Map<String, Object> settings = new LinkedHashMap<>(node.settings());
        settings.put("max_tokens", maxTokens(settings));
        settings.remove("maxTokens");
        if (LEGACY.equals(node.type()) && settings.get("prompt") == null) {
            settings.put("prompt", legacyPrompt(node));
            settings.putIfAbsent("json", true);
        }
        String text;
        try {
            text = json.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<Map<String, Object>> steps =
                new ArrayList<>(CognitiveNodes.properties(node, "completion", text));
        steps.add(CognitiveNodes.process(Caller.NAME));
        return steps;
    }

    /** The instruction of a legacy {@code ai_process} step: its label and its other settings. */
    private String legacyPrompt(Workflow.Node node) {
        Map<String, Object> parameters = new LinkedHashMap<>(node.settings());
        OWN_SETTINGS.forEach(parameters::remove);
        StringBuilder prompt =
                new StringBuilder(Objects.requireNonNullElse(node.label(), node.id()));
        if (!parameters.isEmpty()) {
            try {
                prompt.append("\nParameters: ").append(json.writeValueAsString(parameters));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return prompt.append("\nAnswer with a JSON object for this input:\n{$}").toString();
    }

    /** The settings of one node, read once from the text its route carries. */
    record Settings(
            String model,
            String prompt,
            String system,
            Double temperature,
            Integer maxTokens,
            boolean json) {}

    /** Fills a prompt template from the message; a field that is missing fails the node. */
    static String fill(String template, ObjectNode message) {
        if (template == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = m.group(1);
            JsonNode value = "$".equals(path) ? message : message.at("/" + path.replace('.', '/'));
            if (value.isMissingNode()) {
                throw new IllegalArgumentException(
                        "the message has no field '" + path + "' that the prompt uses");
            }
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            value.isTextual() ? value.asText() : value.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Reads a JSON answer, also when the model wrapped it in a Markdown code fence. */
    static JsonNode parseAnswer(String content, ObjectMapper json) {
        String text = content == null ? "" : content.strip();
        if (text.startsWith("```")) {
            int start = text.indexOf('\n');
            int end = text.lastIndexOf("```");
            text = start > 0 && end > start ? text.substring(start + 1, end).strip() : text;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "the model's answer is not JSON: " + abbreviate(text));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    @Component(Caller.NAME)
    static class Caller implements Processor {

        static final String NAME = "hubAiModel";

        private final AiRouter router;
        private final ObjectMapper json;
        private final Map<String, Settings> settings = new ConcurrentHashMap<>();

        Caller(AiRouter router, ObjectMapper json) {
            this.router = router;
            this.json = json;
        }

        @Override
        public void process(Exchange exchange) {
            Settings s =
                    settings.computeIfAbsent(
                            exchange.getProperty(CognitiveNodes.SETTINGS, String.class),
                            this::read);
            ObjectNode message = CognitiveNodes.message(exchange, json);
            List<Message> messages = new ArrayList<>();
            if (s.system() != null) {
                messages.add(Message.of("system", fill(s.system(), message)));
            }
            messages.add(Message.of("user", fill(s.prompt(), message)));
            var request =
                    new ChatRequest(
                            s.model(),
                            null,
                            messages,
                            s.temperature(),
                            s.maxTokens(),
                            null,
                            null,
                            s.json() ? Map.of("type", "json_object") : null,
                            null,
                            null,
                            null,
                            false,
                            null,
                            null,
                            null);
            AiRouter.ChatResponse answer;
            try {
                answer = router.chat(request, principal(exchange));
            } catch (ServiceError e) {
                throw CognitiveNodes.failure(e);
            }
            CognitiveNodes.output(
                    exchange,
                    message,
                    s.json()
                            ? parseAnswer(answer.content(), json)
                            : json.getNodeFactory().textNode(answer.content()));
        }

        /** Whom the call is accounted to: the workflow, named by its route group. */
        private static String principal(Exchange exchange) {
            String group = exchange.getUnitOfWork().getRoute().getGroup();
            return "workflow:"
                    + (group != null && group.startsWith("wf-") ? group.substring(3) : group);
        }

        private Settings read(String text) {
            try {
                JsonNode node = json.readTree(text);
                return new Settings(
                        node.path("model").asText(),
                        node.path("prompt").asText(),
                        node.hasNonNull("system") ? node.get("system").asText() : null,
                        node.hasNonNull("temperature") ? node.get("temperature").asDouble() : null,
                        node.hasNonNull("max_tokens") ? node.get("max_tokens").asInt() : null,
                        node.path("json").asBoolean(false));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
