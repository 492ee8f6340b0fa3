package com.auterity.hub.security.internal;

import com.auterity.hub.security.SecurityProperties;
import com.auterity.hub.shared.CacheService;
import com.auterity.hub.shared.ServiceError;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after {@code hub.security.login-attempts} failures for one user name
 * within {@code login-window}, further logins for that name get 429 until the window ends.
 */
@Component
class LoginAttempts {

    private final CacheService cache;
    private final SecurityProperties properties;

    LoginAttempts(CacheService cache, SecurityProperties properties) {
        this.cache = cache;
        this.properties = properties;
    }

    void check(String username) {
        if (failures(username).get() >= properties.loginAttempts()) {
            throw ServiceError.tooManyRequests(
                    "Too many failed logins for this user; try again later",
                    properties.loginWindow());
        }
    }

    void failed(String username) {
        failures(username).incrementAndGet();
    }

    void succeeded(String username) {
        cache.evict(key(username));
    }

    private AtomicInteger failures(String username) {
        return cache.getOrSet(key(username), AtomicInteger::new, properties.loginWindow());
    }

    private static String key(String username) {
        return "login-failures:" + username;
    }
}
