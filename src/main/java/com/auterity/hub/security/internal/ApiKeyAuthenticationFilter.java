package com.auterity.hub.security.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries {@code X-API-Key}. An unknown or revoked key is answered
 * with 401 at once: a request that names a key is never treated as anonymous.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    /**
     * How stale {@code last_used_at} may get before a request refreshes it (saves a write per
     * call).
     */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final ApiKeys keys;
    private final SecurityContextRepository contexts =
            new RequestAttributeSecurityContextRepository();
    private final AuthenticationEntryPoint entryPoint;

    ApiKeyAuthenticationFilter(ApiKeys keys, AuthenticationEntryPoint entryPoint) {
        this.keys = keys;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        var key = keys.findActiveByHash(ApiKeyCodec.hash(presented.strip()));
        if (key.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("INVALID_API_KEY"));
            return;
        }
        var found = key.get();
        Instant now = Instant.now();
        if (found.lastUsedAt() == null || found.lastUsedAt().isBefore(now.minus(TOUCH_EVERY))) {
            keys.touch(found.id(), now);
        }
        var authentication =
                UsernamePasswordAuthenticationToken.authenticated(
                        "apikey:" + found.id(),
                        null,
                        found.roles().stream()
                                .map(r -> new SimpleGrantedAuthority(r.authority()))
                                .toList());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        // kept on the request too: the async dispatch that completes an API call must see it
        contexts.saveContext(context, request, response);
        chain.doFilter(request, response);
    }
}
