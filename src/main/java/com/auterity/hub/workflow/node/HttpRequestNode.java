package com.auterity.hub.workflow.node;

import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.spi.NodeType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Calls an HTTP(S) endpoint: {@code url}, {@code method} (GET by default, POST when a body is
 * given), {@code headers} (fixed values), {@code body} (a jq expression over the message; the whole
 * message when omitted on POST, PUT and PATCH) and {@code responseTimeout} (ms). The answer, parsed
 * as JSON when it is JSON, becomes the message; a 4xx or 5xx answer fails the node (so {@code
 * retry} and {@code onError} apply). The URL is compiled in as a fixed Camel http endpoint without
 * options: a workflow cannot set component options, and its query string travels as a header. A
 * circuit breaker per node ({@code circuitBreaker}: resilience4j's {@code failureRateThreshold} %,
 * {@code minimumNumberOfCalls}, {@code slidingWindowSize} calls, {@code waitDurationInOpenState} s;
 * {@code false} to go without) stops calling an endpoint that keeps failing: while it is open the
 * node fails at once, then a trial call decides whether it closes. {@link OutboundGuard} refuses
 * internal addresses.
 */
@Component
class HttpRequestNode implements NodeType {

    private static final List<String> METHODS =
            List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final Set<String> RESERVED_HEADERS =
            Set.of("host", "content-length", "transfer-encoding", "connection", "expect");
    private static final long MAX_TIMEOUT = 300_000;

    /** The circuit breaker's settings, their defaults and upper bounds (all from 1). */
    private record Limit(String name, int byDefault, int max) {}

    private static final List<Limit> BREAKER =
            List.of(
                    new Limit("failureRateThreshold", 50, 100),
                    new Limit("minimumNumberOfCalls", 10, 1000),
                    new Limit("slidingWindowSize", 20, 1000),
                    new Limit("waitDurationInOpenState", 30, 3600));

    private final Jq jq;

    HttpRequestNode(Jq jq) {
        this.jq = jq;
    }

    @Override
    public List<String> types() {
        return List.of("http-request", "api-call");
    }

    @Override
    public Map<String, Object> schema() {
        return Steps.ordered(
                "type", "object",
                "required", List.of("url"),
                "properties",
                        Steps.ordered(
                                "url",
                                        Map.of(
                                                "type",
                                                "string",
                                                "format",
                                                "uri",
                                                "description",
                                                "http or https URL"),
                                "method", Map.of("enum", METHODS),
                                "headers",
                                        Map.of(
                                                "type",
                                                "object",
                                                "additionalProperties",
                                                Map.of("type", "string")),
                                "body",
                                        Map.of(
                                                "type",
                                                "string",
                                                "description",
                                                "jq expression giving the request body"),
                                "responseTimeout",
                                        Map.of(
                                                "type",
                                                "integer",
                                                "minimum",
                                                1,
                                                "maximum",
                                                MAX_TIMEOUT),
                                "circuitBreaker", breakerSchema()));
    }

    @Override
    public List<String> validate(Workflow.Node node) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> s = node.settings();
        if (!(s.get("url") instanceof String url)) {
            problems.add("'url' must be an http or https URL");
        } else {
            String problem = urlProblem(url);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (s.containsKey("method")
                && !METHODS.contains(String.valueOf(s.get("method")).toUpperCase(Locale.ROOT))) {
            problems.add("'method' must be one of " + METHODS);
        }
        if (s.get("headers") != null) {
            if (!(s.get("headers") instanceof Map<?, ?> headers)) {
                problems.add("'headers' must be an object of header names to text values");
            } else {
                headers.forEach(
                        (name, value) -> {
                            if (!(name instanceof String n)
                                    || !TOKEN.matcher(n).matches()
                                    || RESERVED_HEADERS.contains(n.toLowerCase(Locale.ROOT))
                                    || n.toLowerCase(Locale.ROOT).startsWith("camel")) {
                                problems.add("header '" + name + "' may not be set by a workflow");
                            } else if (!(value instanceof String v)
                                    || v.contains("\n")
                                    || v.contains("\r")) {
                                problems.add(
                                        "header '" + name + "' must have a one-line text value");
                            }
                        });
            }
        }
        if (s.get("body") != null) {
            String problem = jq.problem("body", s.get("body") instanceof String b ? b : null);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (s.containsKey("responseTimeout")
                && !(s.get("responseTimeout") instanceof Number t
                        && t.longValue() > 0
                        && t.longValue() <= MAX_TIMEOUT)) {
            problems.add("'responseTimeout' must be milliseconds from 1 to " + MAX_TIMEOUT);
        }
        Object breaker = s.get("circuitBreaker");
        if (breaker != null && !Boolean.FALSE.equals(breaker)) {
            if (!(breaker instanceof Map<?, ?> settings)) {
                problems.add("'circuitBreaker' must be an object or false");
            } else {
                settings.forEach(
                        (key, value) -> {
                            Limit limit =
                                    BREAKER.stream()
                                            .filter(l -> l.name().equals(key))
                                            .findFirst()
                                            .orElse(null);
                            if (limit == null) {
                                problems.add(
                                        "'circuitBreaker."
                                                + key
                                                + "' is not a setting; known: "
                                                + BREAKER.stream().map(Limit::name).toList());
                            } else if (!(value instanceof Integer n
                                    && n >= 1
                                    && n <= limit.max())) {
                                problems.add(
                                        "'circuitBreaker."
                                                + key
                                                + "' must be a whole number from 1 to "
                                                + limit.max());
                            }
                        });
            }
        }
        return problems;
    }

    @Override
    public List<Map<String, Object>> compile(Workflow.Node node) {
        Map<String, Object> s = node.settings();
        URI url = URI.create((String) s.get("url"));
        String method = method(s);
        List<Map<String, Object>> steps = new ArrayList<>();
        steps.add(
                Map.of(
                        "setProperty",
                        Steps.ordered("name", OutboundGuard.HOST, "constant", url.getHost())));
        steps.add(Map.of("process", Map.of("ref", OutboundGuard.NAME)));
        if (s.get("body") instanceof String body) {
            steps.add(Map.of("transform", Map.of("jq", body)));
        }
        // nothing that came with the message steers the call: not CamelHttpUri, not a stray header
        steps.add(Map.of("removeHeaders", Map.of("pattern", "*")));
        steps.add(Steps.header("CamelHttpMethod", method));
        if (url.getRawQuery() != null) {
            steps.add(Steps.header("CamelHttpQuery", url.getRawQuery()));
        }
        if (List.of("POST", "PUT", "PATCH").contains(method)) {
            steps.add(Steps.header("Content-Type", "application/json"));
            steps.add(Map.of("marshal", Map.of("json", Map.of("library", "Jackson"))));
        } else {
            steps.add(Map.of("setBody", Map.of("constant", "")));
        }
        if (s.get("headers") instanceof Map<?, ?> headers) {
            headers.forEach(
                    (name, value) -> steps.add(Steps.header((String) name, (String) value)));
        }
        long timeout = s.get("responseTimeout") instanceof Number t ? t.longValue() : 30_000;
        Map<String, Object> call =
                Map.of(
                        "to",
                        Steps.ordered(
                                "uri", endpoint(url),
                                "parameters",
                                        Steps.ordered(
                                                "throwExceptionOnFailure",
                                                true,
                                                "connectTimeout",
                                                10_000,
                                                "responseTimeout",
                                                timeout,
                                                "followRedirects",
                                                false)));
        steps.add(call);
        steps.add(Map.of("process", Map.of("ref", ResponseReader.NAME)));
        return steps;
    }

    @Override
    public Map<String, Object> circuitBreaker(Workflow.Node node) {
        Object settings = node.settings().get("circuitBreaker");
        if (Boolean.FALSE.equals(settings)) {
            return null;
        }
        Map<?, ?> given = settings instanceof Map<?, ?> m ? m : Map.of();
        Map<String, Object> configuration = new LinkedHashMap<>();
        for (Limit limit : BREAKER) {
            Object value = given.get(limit.name());
            configuration.put(
                    limit.name(), String.valueOf(value == null ? limit.byDefault() : value));
        }
        return configuration;
    }

    private static Map<String, Object> breakerSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Limit limit : BREAKER) {
            properties.put(
                    limit.name(),
                    Map.of(
                            "type",
                            "integer",
                            "minimum",
                            1,
                            "maximum",
                            limit.max(),
                            "default",
                            limit.byDefault()));
        }
        return Map.of(
                "description",
                "resilience4j circuit breaker of this node (waitDurationInOpenState in seconds), or false",
                "oneOf",
                List.of(
                        Map.of("const", false),
                        Map.of(
                                "type",
                                "object",
                                "additionalProperties",
                                false,
                                "properties",
                                properties)));
    }

    private static String method(Map<String, Object> settings) {
        Object method = settings.get("method");
        if (method != null) {
            return String.valueOf(method).toUpperCase(Locale.ROOT);
        }
        return settings.get("body") != null ? "POST" : "GET";
    }

    /** The URL as a Camel http endpoint: scheme, host, port and path only. */
    private static String endpoint(URI url) {
        String path =
                url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getScheme().toLowerCase(Locale.ROOT)
                + "://"
                + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + path;
    }

    static String urlProblem(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null
                    || !List.of("http", "https")
                            .contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                return "'url' must use http or https";
            }
            if (uri.getHost() == null
                    || uri.getRawUserInfo() != null
                    || uri.getRawFragment() != null) {
                return "'url' must have a host, and no user info or fragment";
            }
            if (url.contains("${")
                    || url.contains("#")
                    || url.contains("RAW(")
                    || url.contains(" ")) {
                return "'url' must be a plain URL";
            }
            return null;
        } catch (URISyntaxException e) {
            return "'url' is not a valid URL: " + e.getReason();
        }
    }

    /**
     * Turns the answer of an http-request node into the message: JSON when it parses, text
     * otherwise.
     */
    @Component(ResponseReader.NAME)
    static class ResponseReader implements Processor {

        static final String NAME = "hubHttpResponse";

        private final ObjectMapper json;

        ResponseReader(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public void process(Exchange exchange) {
            String text = exchange.getMessage().getBody(String.class);
            JsonNode body;
            try {
                body = text == null || text.isBlank() ? json.nullNode() : json.readTree(text);
            } catch (Exception notJson) {
                body = json.getNodeFactory().textNode(text);
            }
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setBody(body);
        }
    }
}
