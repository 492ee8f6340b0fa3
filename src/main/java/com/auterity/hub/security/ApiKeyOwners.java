package com.auterity.hub.security;

import java.util.Optional;

/** Who owns an API key: the user who created it, for modules that account per user. */
public interface ApiKeyOwners {

    /**
     * The user name that owns key {@code keyId} (revoked keys included), or empty for an id no key
     * ever had.
     */
    Optional<String> ownerOf(String keyId);
}
