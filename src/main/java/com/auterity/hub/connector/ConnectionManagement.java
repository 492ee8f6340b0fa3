package com.auterity.hub.connector;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Integration Controller: named connections to external systems, each for a connector, with its
 * settings and its secrets (encrypted at rest, never returned, logged or compiled into a route).
 * Every method throws {@link com.auterity.hub.shared.ServiceError} for a client's mistake: {@code
 * VALIDATION_FAILED} (400) with one {@code {field, message}} per problem, {@code NOT_FOUND}, {@code
 * CONNECTION_EXISTS} (409), and {@code CONNECTION_TEST_FAILED} (422) when a connection to be saved
 * fails its connectivity test (then nothing is saved).
 */
public interface ConnectionManagement {

    /** What a client sends to create or replace a connection. */
    record ConnectionRequest(
            String name,
            String connector,
            Map<String, Object> config,
            Map<String, String> secrets) {}

    /** The outcome of a connectivity test: a real round trip to the system. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TestResult(Boolean ok, Long latencyMs, String error, String target, Instant testedAt) {}

    /** A connection as clients see it: its secrets are masked. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ConnectionView(
            String id,
            String name,
            String connector,
            Map<String, Object> config,
            Map<String, String> secrets,
            String status,
            TestResult test,
            String createdBy,
            Instant createdAt,
            Instant updatedAt) {}

    /** Shown instead of every secret value. */
    String MASK = "******";

    /** Validates, tests (unless {@code test} is false) and stores a new connection. */
    ConnectionView create(ConnectionRequest request, String caller, boolean test);

    /**
     * Replaces a connection's name, connector and config; secrets given replace the stored ones,
     * secrets left out are kept, a secret given as {@code null} is removed. The workflows whose
     * nodes use the connection are deployed again before this returns, so their next executions use
     * the new values (a workflow that cannot be deployed again keeps the old ones, logged).
     */
    ConnectionView update(String idOrName, ConnectionRequest request, String caller, boolean test);

    ConnectionView get(String idOrName);

    List<ConnectionView> list();

    void delete(String idOrName);

    /** Tests a stored connection again and records the outcome. */
    ConnectionView test(String idOrName);
}
