package com.auterity.hub.connector;

import java.util.Optional;

/**
 * A connection's secret for the hub's own use (an AI provider's API key, for instance), read at
 * call time so that a changed secret applies at once. Never log, return or put a value into an
 * endpoint URI.
 */
public interface ConnectionSecrets {

    /**
     * The secret {@code key} of the connection named {@code connection}; empty when there is no
     * such connection or it has no such secret.
     */
    Optional<String> secret(String connection, String key);
}
