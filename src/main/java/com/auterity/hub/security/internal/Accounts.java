package com.auterity.hub.security.internal;

import com.auterity.hub.security.CurrentUser;
import com.auterity.hub.security.Role;
import com.auterity.hub.shared.ServiceError;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.validation.annotation.Validated;

/** Logins, users and API keys: what the security endpoints do. */
@Service
@Validated
public class Accounts {

    private static final String ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    public record TokenRequest(
            @NotBlank @Size(max = 64) String username,
            @NotBlank @Size(max = 200) String password) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TokenResponse(String accessToken, String tokenType, long expiresIn) {}

    public record NewUser(
            @NotBlank
                    @Pattern(
                            regexp = "[A-Za-z0-9][A-Za-z0-9._-]{2,63}",
                            message = "3-64 letters, digits, '.', '_' or '-'")
                    String username,
            @NotNull @Size(min = 12, max = 72, message = "must be 12 to 72 characters")
                    String password,
            @NotEmpty Set<@NotNull Role> roles) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UserView(
            String id, String username, Set<Role> roles, boolean enabled, Instant createdAt) {}

    public record NewApiKey(
            @NotBlank @Size(max = 100) String name, @NotEmpty Set<@NotNull Role> roles) {}

    /** The only answer that ever shows {@code key}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreatedApiKey(
            String id,
            String name,
            String key,
            String prefix,
            Set<Role> roles,
            Instant createdAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ApiKeyView(
            String id,
            String name,
            String owner,
            String prefix,
            Set<Role> roles,
            Instant createdAt,
            Instant lastUsedAt,
            Instant revokedAt) {}

    private final Users users;
    private final ApiKeys keys;
    private final PasswordEncoder encoder;
    private final JwtTokens tokens;
    private final LoginAttempts attempts;

    /** Checked against when a user does not exist, so both cases take the same time. */
    private final String noSuchUserHash;

    Accounts(
            Users users,
            ApiKeys keys,
            PasswordEncoder encoder,
            JwtTokens tokens,
            LoginAttempts attempts) {
        this.users = users;
        this.keys = keys;
        this.encoder = encoder;
        this.tokens = tokens;
        this.attempts = attempts;
        this.noSuchUserHash = encoder.encode(SecretFiles.random(16));
    }

    static String normalise(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }

    public TokenResponse issueToken(@NotNull @Valid TokenRequest request) {
        String name = normalise(request.username());
        attempts.check(name);
        var user = users.findByUsername(name);
        boolean matches =
                encoder.matches(
                        request.password(),
                        user.map(Users.User::passwordHash).orElse(noSuchUserHash));
        if (!matches || user.isEmpty() || !user.get().enabled()) {
            attempts.failed(name);
            throw new ServiceError(
                    HttpStatus.UNAUTHORIZED,
                    "INVALID_CREDENTIALS",
                    "Invalid user name or password");
        }
        attempts.succeeded(name);
        return new TokenResponse(
                tokens.issue(name, user.get().roles(), Instant.now()),
                "Bearer",
                tokens.ttl().toSeconds());
    }

    public UserView createUser(@NotNull @Valid NewUser request) {
        if (request.password().getBytes(StandardCharsets.UTF_8).length > 72) {
            throw ServiceError.badRequest(
                    "VALIDATION_FAILED",
                    "The request is invalid",
                    List.of(Map.of("field", "password", "message", "must be at most 72 bytes")));
        }
        try {
            return view(
                    users.create(
                            normalise(request.username()),
                            encoder.encode(request.password()),
                            request.roles()));
        } catch (DuplicateKeyException taken) {
            throw new ServiceError(
                    HttpStatus.CONFLICT, "USER_EXISTS", "A user with this name already exists");
        }
    }

    public List<UserView> listUsers() {
        return users.findAll().stream().map(Accounts::view).toList();
    }

    public CreatedApiKey createApiKey(@NotNull @Valid NewApiKey request, CurrentUser caller) {
        for (Role role : request.roles()) {
            if (!caller.has(role)) {
                throw ServiceError.forbidden(
                        "An API key cannot have a role its creator lacks: " + role);
            }
        }
        String key = ApiKeyCodec.generate();
        var stored =
                new ApiKeys.ApiKey(
                        UUID.randomUUID().toString(),
                        request.name().strip(),
                        caller.name(),
                        ApiKeyCodec.displayPrefix(key),
                        request.roles(),
                        Instant.now(),
                        null,
                        null);
        keys.insert(stored, ApiKeyCodec.hash(key));
        return new CreatedApiKey(
                stored.id(),
                stored.name(),
                key,
                stored.prefix(),
                stored.roles(),
                stored.createdAt());
    }

    /** An admin sees every key; anyone else only their own. */
    public List<ApiKeyView> listApiKeys(CurrentUser caller) {
        return keys.list(caller.has(Role.ADMIN) ? null : caller.name()).stream()
                .map(Accounts::view)
                .toList();
    }

    public void revokeApiKey(String id, CurrentUser caller) {
        if (id == null || !id.matches(ID)) {
            throw ServiceError.badRequest(
                    "INVALID_ID", "Not a valid API key id", Map.of("id", String.valueOf(id)));
        }
        var key =
                keys.findById(id)
                        .filter(k -> caller.has(Role.ADMIN) || k.owner().equals(caller.name()))
                        .orElseThrow(() -> ServiceError.notFound("API key", id));
        keys.revoke(key.id(), Instant.now());
    }

    private static UserView view(Users.User u) {
        return new UserView(u.id(), u.username(), u.roles(), u.enabled(), u.createdAt());
    }

    private static ApiKeyView view(ApiKeys.ApiKey k) {
        return new ApiKeyView(
                k.id(),
                k.name(),
                k.owner(),
                k.prefix(),
                k.roles(),
                k.createdAt(),
                k.lastUsedAt(),
                k.revokedAt());
    }
}
