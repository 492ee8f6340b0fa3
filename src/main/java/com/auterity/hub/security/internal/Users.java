package com.auterity.hub.security.internal;

import com.auterity.hub.security.Role;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The users table. User names are lower-cased before they get here. */
@Repository
class Users {

    record User(
            String id,
            String username,
            String passwordHash,
            Set<Role> roles,
            boolean enabled,
            Instant createdAt) {}

    private static final RowMapper<User> ROW =
            (rs, i) ->
                    new User(
                            rs.getString("id"),
                            rs.getString("username"),
                            rs.getString("password_hash"),
                            Roles.parse(rs.getString("roles")),
                            rs.getBoolean("enabled"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant());

    private final JdbcClient jdbc;

    Users(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<User> findByUsername(String username) {
        return jdbc.sql("SELECT * FROM users WHERE username = ?")
                .param(username)
                .query(ROW)
                .optional();
    }

    List<User> findAll() {
        return jdbc.sql("SELECT * FROM users ORDER BY username").query(ROW).list();
    }

    /** Inserts a user; a taken name fails with a {@code DuplicateKeyException}. */
    User create(String username, String passwordHash, Set<Role> roles) {
        User user =
                new User(
                        UUID.randomUUID().toString(),
                        username,
                        passwordHash,
                        roles,
                        true,
                        Instant.now());
        jdbc.sql(
                        "INSERT INTO users (id, username, password_hash, roles, enabled, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(
                        user.id(),
                        user.username(),
                        user.passwordHash(),
                        Roles.format(roles),
                        true,
                        user.createdAt().atOffset(ZoneOffset.UTC))
                .update();
        return user;
    }

    /** Roles as stored: a comma-separated list of names. */
    static final class Roles {
        private Roles() {}

        static Set<Role> parse(String stored) {
            return Arrays.stream(stored.split(","))
                    .filter(s -> !s.isBlank())
                    .map(Role::valueOf)
                    .collect(Collectors.toUnmodifiableSet());
        }

        static String format(Set<Role> roles) {
            return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
        }
    }
}
