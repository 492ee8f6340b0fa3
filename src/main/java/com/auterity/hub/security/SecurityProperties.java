package com.auterity.hub.security;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of authentication and auditing ({@code hub.security}).
 *
 * @param tokenExpiry lifetime of an access token, in seconds ({@code AUTH_TOKEN_EXPIRY})
 * @param jwtSecret key that signs access tokens (at least 32 bytes); when empty, one is generated
 *     once into the data dir so that tokens survive a restart ({@code HUB_JWT_SECRET})
 * @param adminPassword password of the bootstrap user {@code admin} when it is first created; when
 *     empty, a random one is written to {@code <data dir>/initial-admin-password} ({@code
 *     HUB_ADMIN_PASSWORD})
 * @param auditLogRetention days that audit log entries are kept ({@code AUDIT_LOG_RETENTION})
 * @param loginAttempts failed logins allowed per user name within {@code loginWindow} before
 *     further tries get 429
 * @param loginWindow the window of {@code loginAttempts}
 */
@Validated
@ConfigurationProperties("hub.security")
public record SecurityProperties(
        @DefaultValue("3600") @Positive long tokenExpiry,
        String jwtSecret,
        String adminPassword,
        @DefaultValue("30") @Positive int auditLogRetention,
        @DefaultValue("10") @Positive int loginAttempts,
        @DefaultValue("5m") Duration loginWindow) {}
