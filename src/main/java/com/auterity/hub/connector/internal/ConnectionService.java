package com.auterity.hub.connector.internal;

import com.auterity.hub.connector.ConnectionChanged;
import com.auterity.hub.connector.ConnectionManagement;
import com.auterity.hub.connector.ConnectionSecrets;
import com.auterity.hub.connector.Connector;
import com.auterity.hub.connector.ConnectorCatalogue;
import com.auterity.hub.connector.ConnectorProperties;
import com.auterity.hub.connector.JdbcPools;
import com.auterity.hub.shared.CacheService;
import com.auterity.hub.shared.ServiceError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The Integration Controller. A connection is validated against its connector's property schema,
 * tested with a real round trip (the connector's test target, with the connection's values filled
 * in) and only then stored, its secrets encrypted by {@link SecretBox}. A failed test answers 422
 * {@code CONNECTION_TEST_FAILED}, naming the connection and the cause, and stores nothing; {@code
 * POST .../{id}/test} of a stored connection answers its outcome and records it as the status.
 * Error texts are scrubbed of the connection's secret values before they are answered or logged. An
 * update publishes {@link ConnectionChanged}, which deploys the workflows using the connection
 * again (see {@link ConnectionRedeploys}).
 */
@Service
class ConnectionService implements ConnectionManagement, ConnectionSecrets, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConnectionService.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\??)([A-Za-z0-9_]+)}}");
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() {};

    static final String OK = "ok";
    static final String FAILED = "failed";
    static final String UNTESTED = "untested";

    /** A stored connection with its secrets decrypted: for the hub's own use, never answered. */
    record Resolved(
            String id,
            String name,
            Connector connector,
            Map<String, Object> config,
            Map<String, String> secrets) {

        /** The value of {@code property} as text: config, secret or null. */
        String value(String property) {
            if (secrets.containsKey(property)) {
                return secrets.get(property);
            }
            Object value = config.get(property);
            return value == null ? null : String.valueOf(value);
        }

        /** Every property the connection sets. */
        List<String> properties() {
            List<String> names = new ArrayList<>(config.keySet());
            names.addAll(secrets.keySet());
            return names;
        }
    }

    private final Connections connections;
    private final ConnectorCatalogue catalogue;
    private final SecretBox box;
    private final Map<String, ConnectionTester> testers = new HashMap<>();
    private final ConnectorProperties properties;
    private final ObjectMapper json;
    private final JdbcPools pools;
    private final ApplicationEventPublisher events;
    private final CacheService cache;
    private final ExecutorService tests =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread thread = new Thread(r, "hub-connection-test");
                        thread.setDaemon(true);
                        return thread;
                    });

    ConnectionService(
            Connections connections,
            ConnectorCatalogue catalogue,
            SecretBox box,
            List<ConnectionTester> testers,
            ConnectorProperties properties,
            ObjectMapper json,
            JdbcPools pools,
            ApplicationEventPublisher events,
            CacheService cache) {
        this.connections = connections;
        this.catalogue = catalogue;
        this.box = box;
        testers.forEach(t -> t.schemes().forEach(s -> this.testers.put(s, t)));
        this.properties = properties;
        this.json = json;
        this.pools = pools;
        this.events = events;
        this.cache = cache;
    }

    @Override
    public ConnectionView create(ConnectionRequest request, String caller, boolean test) {
        if (request == null) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "A JSON body is required", null);
        }
        Map<String, Object> config = request.config() == null ? Map.of() : request.config();
        Map<String, String> secrets = request.secrets() == null ? Map.of() : request.secrets();
        Connector connector = validate(request.name(), request.connector(), config, secrets);
        if (connections.byName(request.name()).isPresent()) {
            throw exists(request.name());
        }
        String id = UUID.randomUUID().toString();
        Resolved resolved = new Resolved(id, request.name(), connector, config, secrets);
        TestResult result = test ? runOrRefuse(resolved) : null;
        Instant now = Instant.now();
        connections.insert(
                new Connections.Stored(
                        id,
                        request.name(),
                        connector.name(),
                        write(config),
                        write(encrypt(id, secrets)),
                        status(result),
                        result == null ? null : write(result),
                        caller,
                        now,
                        now));
        // after the write: a read in between must not keep the old values
        cache.evict(secretsKey(request.name()));
        log.info("Connection '{}' ({}) created by {}", request.name(), connector.name(), caller);
        return get(id);
    }

    @Override
    public ConnectionView update(
            String idOrName, ConnectionRequest request, String caller, boolean test) {
        if (request == null) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "A JSON body is required", null);
        }
        Connections.Stored stored = find(idOrName);
        Resolved before = resolve(stored);
        String name = request.name() == null ? stored.name() : request.name();
        String connectorName =
                request.connector() == null ? stored.connector() : request.connector();
        Map<String, Object> config = request.config() == null ? before.config() : request.config();
        Map<String, String> secrets = new LinkedHashMap<>(before.secrets());
        if (request.secrets() != null) {
            request.secrets()
                    .forEach(
                            (key, value) -> {
                                if (value == null) {
                                    secrets.remove(key);
                                } else {
                                    secrets.put(key, value);
                                }
                            });
        }
        Connector connector = validate(name, connectorName, config, secrets);
        if (!name.equals(stored.name()) && connections.byName(name).isPresent()) {
            throw exists(name);
        }
        Resolved after = new Resolved(stored.id(), name, connector, config, secrets);
        TestResult result = test ? runOrRefuse(after) : null;
        connections.update(
                new Connections.Stored(
                        stored.id(),
                        name,
                        connector.name(),
                        write(config),
                        write(encrypt(stored.id(), secrets)),
                        status(result),
                        result == null ? null : write(result),
                        stored.createdBy(),
                        stored.createdAt(),
                        Instant.now()));
        // after the write: a read in between must not keep the old values
        cache.evict(secretsKey(stored.name()));
        cache.evict(secretsKey(name));
        evictPool(before);
        log.info("Connection '{}' ({}) updated by {}", name, connector.name(), caller);
        // stored (no transaction here: the row is written), so listeners read the new values;
        // ConnectionRedeploys deploys the workflows using it again before this answers
        events.publishEvent(
                new ConnectionChanged(stored.id(), name, stored.name(), connector.name()));
        return get(stored.id());
    }

    @Override
    public ConnectionView get(String idOrName) {
        return view(find(idOrName));
    }

    @Override
    public List<ConnectionView> list() {
        return connections.all().stream().map(this::view).toList();
    }

    @Override
    public void delete(String idOrName) {
        Connections.Stored stored = find(idOrName);
        Resolved before = resolveOrNull(stored);
        connections.delete(stored.id());
        // after the write: a read in between must not keep the old values
        cache.evict(secretsKey(stored.name()));
        if (before != null) {
            evictPool(before);
        }
        log.info("Connection '{}' deleted", stored.name());
    }

    @Override
    public ConnectionView test(String idOrName) {
        Connections.Stored stored = find(idOrName);
        TestResult result = run(resolve(stored));
        connections.recordTest(stored.id(), status(result), write(result));
        return get(stored.id());
    }

    /**
     * How long {@link #secret} keeps a connection it read: an AI request would otherwise query and
     * decrypt its provider's connection every time. Every change made here evicts it; a change made
     * through another instance of the hub is seen here after this long.
     */
    static final Duration SECRETS_TTL = Duration.ofSeconds(10);

    @Override
    public Optional<String> secret(String connection, String key) {
        Optional<Resolved> read =
                cache.getOrSet(secretsKey(connection), () -> resolve(connection), SECRETS_TTL);
        return read.map(r -> r.secrets().get(key));
    }

    private static String secretsKey(String connection) {
        return "connection-secrets:" + connection;
    }

    /** The connection named {@code name} with its secrets, for the hub's own use. */
    Optional<Resolved> resolve(String name) {
        return connections.byName(name).map(this::resolve);
    }

    // --- validation -------------------------------------------------------------------------

    private Connector validate(
            String name,
            String connectorName,
            Map<String, Object> config,
            Map<String, String> secrets) {
        List<Map<String, String>> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(
                    problem(
                            "name",
                            "must be 1-64 lower-case letters, digits, '-' or '_', from a letter or"
                                    + " digit"));
        }
        Connector connector =
                connectorName == null ? null : catalogue.find(connectorName).orElse(null);
        if (connector == null) {
            problems.add(
                    problem(
                            "connector",
                            connectorName == null
                                    ? "is required"
                                    : "unknown connector '"
                                            + connectorName
                                            + "' (see GET /api/v1/connectors)"));
            throw invalid(problems);
        }
        Map<String, Map<String, Object>> defined = connector.properties();
        config.forEach(
                (key, value) -> {
                    Map<String, Object> property = defined.get(key);
                    if (property == null) {
                        problems.add(problem("config." + key, unknown(connector, key)));
                    } else if (connector.secret(key)) {
                        problems.add(
                                problem("config." + key, "is a secret: send it under 'secrets'"));
                    } else if (value == null) {
                        problems.add(problem("config." + key, "must not be null"));
                    } else {
                        String p = PropertyRules.problem(property, value);
                        if (p != null) {
                            problems.add(problem("config." + key, p));
                        }
                    }
                });
        secrets.forEach(
                (key, value) -> {
                    Map<String, Object> property = defined.get(key);
                    if (property == null) {
                        problems.add(problem("secrets." + key, unknown(connector, key)));
                    } else if (!connector.secret(key)) {
                        problems.add(
                                problem(
                                        "secrets." + key,
                                        "is not a secret of connector '"
                                                + connector.name()
                                                + "': send it under 'config'"));
                    } else if (value == null || value.isEmpty()) {
                        problems.add(problem("secrets." + key, "must not be empty"));
                    } else {
                        String p = PropertyRules.problem(property, value);
                        if (p != null) {
                            // never echo the secret itself, nor a pattern that would describe it
                            problems.add(
                                    problem(
                                            "secrets." + key,
                                            p.startsWith("must match")
                                                    ? "has a form the connector does not accept"
                                                    : p));
                        }
                    }
                });
        for (String required : connector.required()) {
            if (!connector.operation(required)
                    && !config.containsKey(required)
                    && !secrets.containsKey(required)
                    && PropertyRules.defaultText(connector, required) == null) {
                problems.add(
                        problem(
                                (connector.secret(required) ? "secrets." : "config.") + required,
                                "is required by connector '" + connector.name() + "'"));
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return connector;
    }

    private static String unknown(Connector connector, String key) {
        return "connector '"
                + connector.name()
                + "' has no property '"
                + key
                + "'; it has "
                + connector.properties().keySet();
    }

    private static Map<String, String> problem(String field, String message) {
        Map<String, String> problem = new LinkedHashMap<>();
        problem.put("field", field);
        problem.put("message", message);
        return problem;
    }

    private static ServiceError invalid(List<Map<String, String>> problems) {
        return ServiceError.badRequest("VALIDATION_FAILED", "The connection is invalid", problems);
    }

    private static ServiceError exists(String name) {
        return new ServiceError(
                HttpStatus.CONFLICT,
                "CONNECTION_EXISTS",
                "A connection named '" + name + "' already exists",
                Map.of("name", name));
    }

    // --- connectivity tests -----------------------------------------------------------------

    private TestResult runOrRefuse(Resolved connection) {
        TestResult result = run(connection);
        if (Boolean.FALSE.equals(result.ok())) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("connection", connection.name());
            details.put("connector", connection.connector().name());
            details.put("test", result);
            throw new ServiceError(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "CONNECTION_TEST_FAILED",
                    result.error(),
                    details);
        }
        return result;
    }

    /** Runs the connector's test; never throws for the system's failure, only reports it. */
    TestResult run(Resolved connection) {
        Connector connector = connection.connector();
        if (connector.connectionTest() == null) {
            return new TestResult(
                    null,
                    null,
                    "connector '" + connector.name() + "' has no connection test",
                    null,
                    Instant.now());
        }
        Map<String, String> values = values(connection);
        String target = fill(connector.connectionTest(), values);
        String shownTarget = scrub(target, connection);
        int colon = target.indexOf(':');
        ConnectionTester tester = colon < 0 ? null : testers.get(target.substring(0, colon));
        if (tester == null) {
            return failed(
                    connection, shownTarget, 0, "the hub cannot test a target like " + shownTarget);
        }
        Duration timeout = properties.testTimeout();
        long start = System.nanoTime();
        Future<?> attempt =
                tests.submit(
                        () -> {
                            tester.test(target, values, timeout);
                            return null;
                        });
        try {
            attempt.get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
            long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            log.info("Connection '{}' test passed in {} ms", connection.name(), latency);
            return new TestResult(true, latency, null, shownTarget, Instant.now());
        } catch (TimeoutException e) {
            attempt.cancel(true);
            return failed(
                    connection,
                    shownTarget,
                    start,
                    "no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return failed(connection, shownTarget, start, cause(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(connection, shownTarget, start, "interrupted");
        }
    }

    private TestResult failed(Resolved connection, String target, long start, String cause) {
        long latency = start == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String message =
                scrub(
                        "Connection '"
                                + connection.name()
                                + "' ("
                                + connection.connector().name()
                                + ") failed its test against "
                                + target
                                + ": "
                                + cause,
                        connection);
        log.info("{}", message);
        return new TestResult(false, latency, message, target, Instant.now());
    }

    /** The messages of a failure and its causes, without repeats, on one line. */
    private static String cause(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure;
                t != null && messages.size() < 3;
                t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            // "java.net.ConnectException: Connection refused" -> "Connection refused": no class
            // names, nothing that reads like a stack trace
            message = EXCEPTION.matcher(message).replaceAll("").replaceAll("\\s+", " ").strip();
            if (message.isEmpty()) {
                message = t instanceof TimeoutException ? "timed out" : words(t.getClass());
            }
            String m = message;
            if (messages.stream().noneMatch(seen -> seen.contains(m))) {
                messages.add(message);
            }
        }
        String text = String.join(": ", messages);
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }

    private static final Pattern EXCEPTION =
            Pattern.compile("(?:[a-z][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error):? ?");

    /** {@code UnknownHostException} -> {@code unknown host}. */
    private static String words(Class<?> type) {
        return type.getSimpleName()
                .replaceAll("(Exception|Error)$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** Every secret value of the connection replaced by the mask. */
    private static String scrub(String text, Resolved connection) {
        String scrubbed = text;
        for (String secret : connection.secrets().values()) {
            if (secret != null && secret.length() >= 3) {
                scrubbed = scrubbed.replace(secret, MASK);
            }
        }
        return scrubbed;
    }

    /** Config, secrets and the connector's defaults, as text. */
    static Map<String, String> values(Resolved connection) {
        Map<String, String> values = new HashMap<>();
        connection
                .connector()
                .properties()
                .keySet()
                .forEach(
                        p -> {
                            String fallback = PropertyRules.defaultText(connection.connector(), p);
                            if (fallback != null) {
                                values.put(p, fallback);
                            }
                        });
        connection.config().forEach((k, v) -> values.put(k, String.valueOf(v)));
        values.putAll(connection.secrets());
        return values;
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(2), "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void evictPool(Resolved connection) {
        String test = connection.connector().connectionTest();
        if (test == null) {
            return;
        }
        Map<String, String> values = values(connection);
        String target = fill(test, values);
        if (target.startsWith("jdbc:")) {
            pools.evict(target, values.get("username"), values.get("password"));
        }
    }

    private static String status(TestResult result) {
        return result == null || result.ok() == null ? UNTESTED : result.ok() ? OK : FAILED;
    }

    // --- storage ----------------------------------------------------------------------------

    private Connections.Stored find(String idOrName) {
        if (idOrName == null) {
            throw ServiceError.notFound("Connection", "");
        }
        return connections
                .byId(idOrName)
                .or(() -> connections.byName(idOrName))
                .orElseThrow(() -> ServiceError.notFound("Connection", idOrName));
    }

    private Map<String, String> encrypt(String id, Map<String, String> secrets) {
        Map<String, String> sealed = new TreeMap<>();
        secrets.forEach((k, v) -> sealed.put(k, box.encrypt(v, id + "/" + k)));
        return sealed;
    }

    private Resolved resolve(Connections.Stored stored) {
        Connector connector =
                catalogue
                        .find(stored.connector())
                        .orElseThrow(
                                () ->
                                        new ServiceError(
                                                HttpStatus.CONFLICT,
                                                "CONNECTOR_MISSING",
                                                "Connection '"
                                                        + stored.name()
                                                        + "' is for connector '"
                                                        + stored.connector()
                                                        + "', which the hub no longer has"));
        Map<String, String> secrets = new LinkedHashMap<>();
        read(stored.secrets(), TEXTS)
                .forEach((k, v) -> secrets.put(k, box.decrypt(v, stored.id() + "/" + k)));
        return new Resolved(
                stored.id(), stored.name(), connector, read(stored.config(), OBJECT), secrets);
    }

    private Resolved resolveOrNull(Connections.Stored stored) {
        try {
            return resolve(stored);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private ConnectionView view(Connections.Stored stored) {
        Map<String, String> masked = new TreeMap<>();
        read(stored.secrets(), TEXTS).keySet().forEach(k -> masked.put(k, MASK));
        return new ConnectionView(
                stored.id(),
                stored.name(),
                stored.connector(),
                read(stored.config(), OBJECT),
                masked,
                stored.status(),
                stored.lastTest() == null ? null : read(stored.lastTest(), TestResult.class),
                stored.createdBy(),
                stored.createdAt(),
                stored.updatedAt());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored connection cannot be read", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored connection cannot be read", e);
        }
    }

    @Override
    public void destroy() {
        tests.shutdownNow();
    }
}
