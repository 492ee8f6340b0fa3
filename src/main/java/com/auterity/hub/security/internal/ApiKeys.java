package com.auterity.hub.security.internal;

import com.auterity.hub.security.Role;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The api_keys table: hashes of keys, never the keys. */
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

    private final JdbcClient jdbc;

    ApiKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        return jdbc.sql("SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
                .param(keyHash)
                .query(ROW)
                .optional();
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
    }

    void touch(String id, Instant at) {
        jdbc.sql("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
                .params(at.atOffset(ZoneOffset.UTC), id)
                .update();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
