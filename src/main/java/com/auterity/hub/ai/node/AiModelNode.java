package com.auterity.hub.ai.node;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Asks a model through the AI router: {@code {"model": "gpt-4o-mini", "prompt": "Summarise:
 * {ticket.body}", "system": "...", "temperature": 0, "maxTokens": 200, "output": "summary", "json":
 * false}}. {@code {path}} in the prompt and the system prompt is replaced by the message's value at
 * that dot path (text as it is, anything else as JSON); the answer's text (or, with {@code json:
 * true}, the JSON object it holds, asked for with JSON output) goes to {@code output} (default
 * {@code ai}). Types {@code ai-model} and {@code text-generation}; the legacy Auterity {@code
 * ai_process} maps here. A provider failure fails the node (the workflow's retries and failure path
 * apply); requests are accounted to the principal {@code workflow}.
 */
@Component
class AiModelNode implements NodeType {

    static final String PRINCIPAL = "workflow";
    private static final Pattern FIELD =
            Pattern.compile(
                    "\\{([A-Za-z_][A-Za-z0-9_-]{0,63}(?:\\.[A-Za-z_][A-Za-z0-9_-]{0,63}){0,9})}");

    private final ObjectMapper json;

    AiModelNode(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public List<String> types() {
        return List.of("ai-model", "text-generation", "ai_process");
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("model", Map.of("type", "string", "description", "the model group to ask"));
        properties.put(
                "prompt",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "the user prompt; {path} takes the message's value at a dot path"));
        properties.put(
                "system",
                Map.of("type", "string", "description", "the system prompt, with {path} too"));
        properties.put("temperature", Map.of("type", "number", "minimum", 0, "maximum", 2));
        properties.put("maxTokens", Map.of("type", "integer", "minimum", 1, "maximum", 1_000_000));
        properties.put(
                "output",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "field that gets the answer (default: ai)"));
        properties.put(
                "json",
                Map.of(
                        "type",
                        "boolean",
                        "description",
                        "ask for JSON output and store it parsed"));
        return Map.of(
                "type", "object", "required", List.of("model", "prompt"), "properties", properties);
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        Map<String, Object> s = node.settings();
        List<String> problems = new ArrayList<>();
        if (!(s.get("model") instanceof String model) || model.isBlank()) {
            problems.add("'model' is required: the model group to ask");
        }
        if (!(s.get("prompt") instanceof String prompt) || prompt.isBlank()) {
            problems.add(
                    "'prompt' is required: the text to send, {path} taking a field of the message");
        }
        if (s.get("system") != null && !(s.get("system") instanceof String)) {
            problems.add("'system' must be a text");
        }
        if (s.get("temperature") != null
                && !(s.get("temperature") instanceof Number t
                        && t.doubleValue() >= 0
                        && t.doubleValue() <= 2)) {
            problems.add("'temperature' must be a number from 0 to 2");
        }
        Object max = maxTokens(s);
        if (max != null && !(max instanceof Integer m && m >= 1 && m <= 1_000_000)) {
            problems.add("'maxTokens' must be an integer from 1 to 1000000");
        }
        if (s.get("json") != null && !(s.get("json") instanceof Boolean)) {
            problems.add("'json' must be true or false");
        }
        Object output = s.get("output");
        if (output != null
                && !(output instanceof String o && FIELD.matcher("{" + o + "}").matches())) {
            problems.add("'output' must be a dot path of field names, e.g. result.summary");
        }
        return problems;
    }

    private static Object maxTokens(Map<String, Object> s) {
        return s.containsKey("maxTokens") ? s.get("maxTokens") : s.get("max_tokens");
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        Map<String, Object> s = node.settings();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", s.get("model"));
        settings.put("prompt", s.get("prompt"));
        settings.put("system", s.get("system"));
        settings.put("temperature", s.get("temperature"));
        settings.put("maxTokens", maxTokens(s));
        settings.put("json", Boolean.TRUE.equals(s.get("json")));
        String written;
        try {
            written = json.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<Map<String, Object>> steps =
                new ArrayList<>(CognitiveNodes.properties(node, "ai", written));
        steps.add(CognitiveNodes.process(Asker.NAME));
        return steps;
    }

    @Component(Asker.NAME)
    static class Asker implements Processor {

        static final String NAME = "hubAiModel";

        private final AiRouter router;
        private final ObjectMapper json;

        Asker(AiRouter router, ObjectMapper json) {
            this.router = router;
            this.json = json;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            ObjectNode message = CognitiveNodes.message(exchange, json);
            JsonNode settings =
                    json.readTree(exchange.getProperty(CognitiveNodes.SETTINGS, String.class));
            boolean wantsJson = settings.path("json").asBoolean(false);
            List<Message> messages = new ArrayList<>();
            if (settings.hasNonNull("system")) {
                messages.add(Message.of("system", fill(settings.get("system").asText(), message)));
            }
            messages.add(Message.of("user", fill(settings.get("prompt").asText(), message)));
            ChatRequest request =
                    new ChatRequest(
                            settings.get("model").asText(),
                            null,
                            messages,
                            settings.hasNonNull("temperature")
                                    ? settings.get("temperature").asDouble()
                                    : null,
                            settings.hasNonNull("maxTokens")
                                    ? settings.get("maxTokens").asInt()
                                    : null,
                            null,
                            null,
                            wantsJson ? Map.of("type", "json_object") : null,
                            null,
                            null,
                            null,
                            null);
            String answer;
            try {
                answer = router.chat(request, PRINCIPAL).content();
            } catch (ServiceError e) {
                if (e.status().is4xxClientError()) {
                    throw CognitiveNodes.failure(e); // the node's settings or message are wrong
                }
                throw new IllegalStateException(e.getMessage()); // providers failing: transient
            }
            JsonNode result;
            if (wantsJson) {
                try {
                    result = json.readTree(stripFence(answer));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(
                            "the model's answer is not JSON: " + abbreviate(answer));
                }
            } else {
                result = json.getNodeFactory().textNode(answer);
            }
            CognitiveNodes.output(exchange, message, result);
        }

        private String fill(String template, ObjectNode message) {
            Matcher m = FIELD.matcher(template);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                JsonNode value = message.at("/" + m.group(1).replace('.', '/'));
                String text =
                        value.isMissingNode() || value.isNull()
                                ? ""
                                : value.isTextual() ? value.asText() : value.toString();
                m.appendReplacement(out, Matcher.quoteReplacement(text));
            }
            m.appendTail(out);
            return out.toString();
        }

        /** Models often wrap JSON in a Markdown code fence. */
        private static String stripFence(String text) {
            String t = text.strip();
            if (t.startsWith("```")) {
                int first = t.indexOf('\n');
                int last = t.lastIndexOf("```");
                if (first > 0 && last > first) {
                    return t.substring(first + 1, last);
                }
            }
            return t;
        }

        private static String abbreviate(String text) {
            return text.length() > 200 ? text.substring(0, 200) + "..." : text;
        }
    }
}
