package com.auterity.hub.security.internal;

import com.auterity.hub.security.ApiKeyOwners;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** {@link ApiKeyOwners} on the api_keys table. */
@Component
class ApiKeyOwnerLookup implements ApiKeyOwners {

    private final ApiKeys keys;

    ApiKeyOwnerLookup(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Optional<String> ownerOf(String keyId) {
        return keyId == null ? Optional.empty() : keys.findById(keyId).map(ApiKeys.ApiKey::owner);
    }
}
