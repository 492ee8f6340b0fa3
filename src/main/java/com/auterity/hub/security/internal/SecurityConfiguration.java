package com.auterity.hub.security.internal;

import com.auterity.hub.security.Role;
import com.auterity.hub.shared.ApiErrors;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may call what. The API takes bearer tokens and API keys; the actuator endpoints (Prometheus,
 * Hawtio, Jolokia) also take HTTP Basic so that a browser or a scraper can log in. Reads need
 * VIEWER, writes DEVELOPER, user management, AI budgets, Hawtio and Jolokia ADMIN; only the health
 * probe and the token endpoint are open.
 */
@Configuration
class SecurityConfiguration {

    /**
     * Every {@code requestMatchers(String)} below matches the request's path with a path pattern.
     * Spring Security's default with Spring MVC present would ask Spring MVC for the handler of
     * every request, once more before the dispatcher does (about a twentieth of an API call's CPU),
     * and most of the API are Camel routes that Spring MVC does not know anyway.
     */
    @Bean
    PathPatternRequestMatcherBuilderFactoryBean pathPatternMatchers() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    private static final String SECURITY_CHAIN =
            AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME;

    /**
     * Spring Security wraps its filter chain in a filter that asks Spring MVC for the handler of
     * every request in advance (a twentieth of an AI gateway call's CPU), for the MVC matchers and
     * MVC-based CORS that the hub does not use (see {@link #pathPatternMatchers()}). This puts the
     * chain back without that wrapper (keeping the one that parses the request's path for the path
     * matchers); if a later Spring Security wraps it differently, it is left as it is.
     */
    @Bean
    static BeanFactoryPostProcessor securityChainWithoutHandlerLookups() {
        return factory -> {
            if (!(factory instanceof BeanDefinitionRegistry registry)
                    || !registry.containsBeanDefinition(SECURITY_CHAIN)) {
                return;
            }
            BeanDefinition chain = registry.getBeanDefinition(SECURITY_CHAIN);
            var filters =
                    chain.getConstructorArgumentValues().getIndexedArgumentValue(0, List.class);
            if (chain.getBeanClassName() == null
                    || !chain.getBeanClassName()
                            .endsWith("WebMvcSecurityConfiguration$CompositeFilterChainProxy")
                    || filters == null
                    || !(filters.getValue() instanceof List<?> wrapped)
                    || wrapped.size() != 2
                    || !(wrapped.get(1) instanceof BeanDefinition unwrapped)) {
                return;
            }
            registry.removeBeanDefinition(SECURITY_CHAIN);
            registry.registerBeanDefinition(SECURITY_CHAIN, unwrapped);
        };
    }

    /**
     * No observations of Spring Security's own: with them it wraps each of its filters in a timed
     * observation on every request (a tenth of an API call's CPU; still a twentieth with the
     * observations turned off by {@code management.observations.enable}, since the wrappers stay),
     * and it times every authentication and authorization check. {@code
     * http_server_requests_seconds} already times every request, and refusals are counted there by
     * status.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(1)
    SecurityFilterChain actuatorChain(
            HttpSecurity http, ApiErrors errors, ApiKeys keys, JwtTokens tokens) throws Exception {
        var refusals = new JsonSecurityErrors(errors, "Basic realm=\"Auterity Hub\"");
        // path matchers, not MVC ones: Jolokia is a servlet of its own, outside Spring MVC
        var paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(paths.matcher("/actuator/**"))
                .authorizeHttpRequests(
                        a ->
                                a.dispatcherTypeMatchers(DispatcherType.ERROR)
                                        .permitAll()
                                        .requestMatchers("/actuator/health", "/actuator/health/**")
                                        .permitAll()
                                        .requestMatchers(
                                                "/actuator/hawtio/**", "/actuator/jolokia/**")
                                        .hasRole(Role.ADMIN.name())
                                        .anyRequest()
                                        .hasRole(Role.VIEWER.name()))
                .httpBasic(b -> b.authenticationEntryPoint(refusals));
        return common(http, refusals, keys, tokens).build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(
            HttpSecurity http, ApiErrors errors, ApiKeys keys, JwtTokens tokens) throws Exception {
        var refusals = new JsonSecurityErrors(errors, "Bearer");
        http.authorizeHttpRequests(
                a ->
                        a.dispatcherTypeMatchers(DispatcherType.ERROR)
                                .permitAll()
                                .requestMatchers(HttpMethod.POST, "/api/v1/auth/token")
                                .permitAll()
                                .requestMatchers("/api/v1/users/**")
                                .hasRole(Role.ADMIN.name())
                                // every role manages its own API keys, within its own rights
                                .requestMatchers("/api/v1/auth/api-keys/**")
                                .hasRole(Role.VIEWER.name())
                                // AI budgets are money: only an admin reads or sets them
                                .requestMatchers("/api/v1/ai/budgets/**")
                                .hasRole(Role.ADMIN.name())
                                .requestMatchers(HttpMethod.GET, "/api/**")
                                .hasRole(Role.VIEWER.name())
                                // operators run workflows, publish messages and replay dead
                                // letters; changing workflows or subscriptions takes a developer
                                .requestMatchers(
                                        HttpMethod.POST,
                                        "/api/v1/workflows/execute",
                                        "/api/v1/workflows/*/execute",
                                        "/api/v1/executions/*/retry",
                                        "/api/v1/executions/*/cancel",
                                        "/api/v1/hooks/**",
                                        "/api/v1/queues/*/messages",
                                        "/api/v1/queues/*/dead-letters/replay",
                                        // the cognitive engine computes, it changes nothing
                                        "/api/v1/cognitive/**",
                                        // asking a model changes nothing either (it costs: the
                                        // usage ledger's budgets bound it)
                                        "/api/v1/ai/chat",
                                        "/api/v1/ai/embeddings")
                                .hasRole(Role.OPERATOR.name())
                                // the model registry says where prompts go and which keys they
                                // carry: ADMIN only
                                .requestMatchers("/api/v1/ai/models", "/api/v1/ai/models/**")
                                .hasRole(Role.ADMIN.name())
                                .requestMatchers("/api/**")
                                .hasRole(Role.DEVELOPER.name())
                                // the OpenAI-compatible API (AI module)
                                .requestMatchers(HttpMethod.GET, "/v1/models")
                                .hasRole(Role.VIEWER.name())
                                .requestMatchers("/v1/**")
                                .hasRole(Role.OPERATOR.name())
                                .anyRequest()
                                .authenticated());
        return common(http, refusals, keys, tokens).build();
    }

    private static HttpSecurity common(
            HttpSecurity http, JsonSecurityErrors refusals, ApiKeys keys, JwtTokens tokens)
            throws Exception {
        var roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(JwtTokens.ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        var jwt = new JwtAuthenticationConverter();
        jwt.setJwtGrantedAuthoritiesConverter(roles);
        return http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .headers(
                        h ->
                                h.frameOptions(f -> f.sameOrigin())
                                        .withObjectPostProcessor(HEADERS_BEFORE_THE_CHAIN))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .oauth2ResourceServer(
                        o ->
                                o.jwt(
                                                j ->
                                                        j.decoder(tokens.decoder())
                                                                .jwtAuthenticationConverter(jwt))
                                        .authenticationEntryPoint(refusals)
                                        .accessDeniedHandler(refusals))
                .addFilterBefore(
                        new ApiKeyAuthenticationFilter(keys, refusals),
                        BearerTokenAuthenticationFilter.class);
    }

    /**
     * The security headers are written before the rest of the chain runs, on the request's thread.
     * Written when the response is committed or the chain returns (the default), they could be
     * written by two threads at once for a Camel route, which answers from a thread of its own
     * while the request's thread returns through the filters: Tomcat's header table is not
     * thread-safe, and a response was once lost to a NullPointerException in it.
     */
    private static final ObjectPostProcessor<HeaderWriterFilter> HEADERS_BEFORE_THE_CHAIN =
            new ObjectPostProcessor<>() {
                @Override
                public <O extends HeaderWriterFilter> O postProcess(O filter) {
                    filter.setShouldWriteHeadersEagerly(true);
                    return filter;
                }
            };

    @Bean
    RequestRejectedHandler requestRejectedHandler(ApiErrors errors) {
        return new JsonSecurityErrors(errors, "Bearer");
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name())
                .implies(Role.DEVELOPER.name())
                .role(Role.DEVELOPER.name())
                .implies(Role.OPERATOR.name())
                .role(Role.OPERATOR.name())
                .implies(Role.VIEWER.name())
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    JwtDecoder jwtDecoder(JwtTokens tokens) {
        return tokens.decoder();
    }

    /** For HTTP Basic on the actuator endpoints. */
    @Bean
    UserDetailsService userDetailsService(Users users) {
        return name ->
                users.findByUsername(Accounts.normalise(name))
                        .filter(Users.User::enabled)
                        .map(
                                u ->
                                        User.withUsername(u.username())
                                                .password(u.passwordHash())
                                                .roles(
                                                        u.roles().stream()
                                                                .map(Role::name)
                                                                .toArray(String[]::new))
                                                .build())
                        .orElseThrow(() -> new UsernameNotFoundException("unknown"));
    }
}
