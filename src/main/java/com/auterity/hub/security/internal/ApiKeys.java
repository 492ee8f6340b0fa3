package com.auterity.hub.security.internal;

import com.auterity.hub.security.Role;
import com.auterity.hub.shared.CacheService;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The api_keys table: hashes of keys, never the keys. An active key found by its hash is kept for
 * {@link #CACHED_FOR} in the shared {@link CacheService}, so that a busy client does not cost a
 * query per request; revoking a key evicts it at once on this instance, and within {@link
 * #CACHED_FOR} on the others.
 */
@Repository
class ApiKeys {

    record ApiKey(
            String id,
            String name,
            String owner,
            String prefix,
            Set<Role> roles,
            Instant createdAt,
            Instant lastUsedAt,
            Instant revokedAt) {

        boolean active() {
            return revokedAt == null;
        }
    }

    private static final RowMapper<ApiKey> ROW =
            (rs, i) ->
                    new ApiKey(
                            rs.getString("id"),
                            rs.getString("name"),
                            rs.getString("owner"),
                            rs.getString("prefix"),
                            Users.Roles.parse(rs.getString("roles")),
                            instant(rs.getObject("created_at", OffsetDateTime.class)),
                            instant(rs.getObject("last_used_at", OffsetDateTime.class)),
                            instant(rs.getObject("revoked_at", OffsetDateTime.class)));

    /** How long another instance may still accept a key revoked elsewhere. */
    static final Duration CACHED_FOR = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final CacheService cache;

    ApiKeys(JdbcClient jdbc, CacheService cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    void insert(ApiKey key, String keyHash) {
        jdbc.sql(
                        "INSERT INTO api_keys (id, name, owner, prefix, key_hash, roles, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        key.id(),
                        key.name(),
                        key.owner(),
                        key.prefix(),
                        keyHash,
                        Users.Roles.format(key.roles()),
                        key.createdAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    Optional<ApiKey> findActiveByHash(String keyHash) {
        return Optional.ofNullable(
                cache.getOrSet(
                        cacheKey(keyHash),
                        () ->
                                jdbc.sql(
                                                "SELECT * FROM api_keys WHERE key_hash = ? AND"
                                                        + " revoked_at IS NULL")
                                        .param(keyHash)
                                        .query(ROW)
                                        .optional()
                                        .orElse(null),
                        CACHED_FOR));
    }

    Optional<ApiKey> findById(String id) {
        return jdbc.sql("SELECT * FROM api_keys WHERE id = ?").param(id).query(ROW).optional();
    }

    /** Keys of {@code owner}, or of everyone when {@code owner} is null; newest first. */
    List<ApiKey> list(String owner) {
        return owner == null
                ? jdbc.sql("SELECT * FROM api_keys ORDER BY created_at DESC").query(ROW).list()
                : jdbc.sql("SELECT * FROM api_keys WHERE owner = ? ORDER BY created_at DESC")
                        .param(owner)
                        .query(ROW)
                        .list();
    }

    void revoke(String id, Instant at) {
        jdbc.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(at.atOffset(ZoneOffset.UTC), id)
                .update();
        jdbc.sql("SELECT key_hash FROM api_keys WHERE id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .ifPresent(hash -> cache.evict(cacheKey(hash)));
    }

    /**
     * Records that the key with {@code keyHash} was used {@code at}; the next request reads it
     * afresh.
     */
    void touch(String id, String keyHash, Instant at) {
        jdbc.sql("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
                .params(at.atOffset(ZoneOffset.UTC), id)
                .update();
        cache.evict(cacheKey(keyHash));
    }

    private static String cacheKey(String keyHash) {
        return "api-keys:" + keyHash;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
