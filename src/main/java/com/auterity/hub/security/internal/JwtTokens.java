package com.auterity.hub.security.internal;

import com.auterity.hub.security.Role;
import com.auterity.hub.security.SecurityProperties;
import com.auterity.hub.shared.HubProperties;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * Issues and checks the hub's access tokens: JWTs signed with HMAC-SHA256, carrying the user name
 * ({@code sub}) and roles ({@code roles}). The key is {@code hub.security.jwt-secret}, or one
 * generated into {@code <data dir>/jwt-signing.key} at first start, so tokens survive restarts.
 */
@Component
class JwtTokens {

    static final String ISSUER = "auterity-hub";
    static final String ROLES_CLAIM = "roles";

    private static final Logger log = LoggerFactory.getLogger(JwtTokens.class);

    private final JwtEncoder encoder;
    private final JwtDecoder decoder;
    private final Duration ttl;

    JwtTokens(SecurityProperties properties, HubProperties hub) {
        SecretKey key = signingKey(properties, hub);
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        NimbusJwtDecoder nimbus =
                NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        nimbus.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
        this.decoder = nimbus;
        this.ttl = Duration.ofSeconds(properties.tokenExpiry());
    }

    Duration ttl() {
        return ttl;
    }

    JwtDecoder decoder() {
        return decoder;
    }

    /** A token for {@code subject}, valid from {@code issuedAt} for the configured lifetime. */
    String issue(String subject, Collection<Role> roles, Instant issuedAt) {
        JwtClaimsSet claims =
                JwtClaimsSet.builder()
                        .issuer(ISSUER)
                        .subject(subject)
                        .id(UUID.randomUUID().toString())
                        .issuedAt(issuedAt)
                        .expiresAt(issuedAt.plus(ttl))
                        .claim(ROLES_CLAIM, roles.stream().map(Role::name).sorted().toList())
                        .build();
        return encoder.encode(
                        JwtEncoderParameters.from(
                                JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    private static SecretKey signingKey(SecurityProperties properties, HubProperties hub) {
        String secret = properties.jwtSecret();
        if (secret == null || secret.isBlank()) {
            var file = hub.dataDir().resolve("jwt-signing.key");
            secret = SecretFiles.readOrCreate(file, SecretFiles.random(48));
            log.info("Access tokens are signed with the key in {}", file.toAbsolutePath());
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException(
                    "hub.security.jwt-secret must be at least 32 bytes long");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}
