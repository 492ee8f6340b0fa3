package com.auterity.hub.security;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpMessage;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The authenticated caller of an API request, as Camel routes see it.
 *
 * @param name user name (for an API key: {@code apikey:<key id>})
 * @param roles the roles granted, without the hierarchy's implied ones
 */
public record CurrentUser(String name, Set<Role> roles) {

    /** The caller of the request that {@code exchange} serves; fails if there is none. */
    public static CurrentUser of(Exchange exchange) {
        Authentication auth = authentication(exchange);
        return new CurrentUser(
                auth.getName(),
                auth.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .filter(a -> a.startsWith("ROLE_"))
                        .map(a -> Role.valueOf(a.substring(5)))
                        .collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * The name of the caller of the request that {@code exchange} serves, without working out its
     * roles; fails if there is none.
     */
    public static String nameOf(Exchange exchange) {
        return authentication(exchange).getName();
    }

    private static Authentication authentication(Exchange exchange) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null && exchange.getIn() instanceof HttpMessage http) {
            auth = http.getRequest().getUserPrincipal() instanceof Authentication a ? a : null;
        }
        if (auth == null || !auth.isAuthenticated()) {
            throw new IllegalStateException("No authenticated caller for this exchange");
        }
        return auth;
    }

    /** Whether this caller holds {@code role}, directly or through a higher role. */
    public boolean has(Role role) {
        return roles.stream().anyMatch(r -> r.ordinal() <= role.ordinal());
    }
}
