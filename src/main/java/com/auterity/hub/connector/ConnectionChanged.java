package com.auterity.hub.connector;

/**
 * A connection's settings or secrets were replaced (and stored): {@code name} is its name now,
 * {@code previousName} the one workflows referenced until then (the same unless it was renamed).
 */
public record ConnectionChanged(String id, String name, String previousName, String connector) {}
