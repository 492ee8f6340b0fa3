package com.auterity.hub.connector.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The connector_connections table. */
@Repository
class Connections {

    /** A row; {@code secrets} holds ciphertexts only. */
    record Stored(
            String id,
            String name,
            String connector,
            String config,
            String secrets,
            String status,
            String lastTest,
            String createdBy,
            Instant createdAt,
            Instant updatedAt) {}

    private static final RowMapper<Stored> ROW =
            (rs, i) ->
                    new Stored(
                            rs.getString("id"),
                            rs.getString("name"),
                            rs.getString("connector"),
                            rs.getString("config"),
                            rs.getString("secrets"),
                            rs.getString("status"),
                            rs.getString("last_test"),
                            rs.getString("created_by"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("updated_at", OffsetDateTime.class).toInstant());

    private final JdbcClient jdbc;

    Connections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a connection; a taken name fails with a {@code DuplicateKeyException}. */
    void insert(Stored c) {
        jdbc.sql(
                        "INSERT INTO connector_connections (id, name, connector, config, secrets, status,"
                                + " last_test, created_by, created_at, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        c.id(),
                        c.name(),
                        c.connector(),
                        c.config(),
                        c.secrets(),
                        c.status(),
                        c.lastTest(),
                        c.createdBy(),
                        c.createdAt().atOffset(ZoneOffset.UTC),
                        c.updatedAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    void update(Stored c) {
        jdbc.sql(
                        "UPDATE connector_connections SET name = ?, connector = ?, config = ?, secrets = ?,"
                                + " status = ?, last_test = ?, updated_at = ? WHERE id = ?")
                .params(
                        c.name(),
                        c.connector(),
                        c.config(),
                        c.secrets(),
                        c.status(),
                        c.lastTest(),
                        c.updatedAt().atOffset(ZoneOffset.UTC),
                        c.id())
                .update();
    }

    void recordTest(String id, String status, String lastTest) {
        jdbc.sql("UPDATE connector_connections SET status = ?, last_test = ? WHERE id = ?")
                .params(status, lastTest, id)
                .update();
    }

    Optional<Stored> byId(String id) {
        return jdbc.sql("SELECT * FROM connector_connections WHERE id = ?")
                .param(id)
                .query(ROW)
                .optional();
    }

    Optional<Stored> byName(String name) {
        return jdbc.sql("SELECT * FROM connector_connections WHERE name = ?")
                .param(name)
                .query(ROW)
                .optional();
    }

    List<Stored> all() {
        return jdbc.sql("SELECT * FROM connector_connections ORDER BY name").query(ROW).list();
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM connector_connections WHERE id = ?").param(id).update() == 1;
    }
}
