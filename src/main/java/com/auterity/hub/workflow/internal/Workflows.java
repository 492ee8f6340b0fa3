package com.auterity.hub.workflow.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The workflows table. */
@Repository
class Workflows {

    record Stored(
            String id,
            String name,
            String description,
            int version,
            String definition,
            String camelYaml,
            String createdBy,
            Instant createdAt,
            Instant updatedAt) {}

    private static final RowMapper<Stored> ROW =
            (rs, i) ->
                    new Stored(
                            rs.getString("id"),
                            rs.getString("name"),
                            rs.getString("description"),
                            rs.getInt("version"),
                            rs.getString("definition"),
                            rs.getString("camel_yaml"),
                            rs.getString("created_by"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("updated_at", OffsetDateTime.class).toInstant());

    private final JdbcClient jdbc;

    Workflows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts version 1; a taken id fails with a {@code DuplicateKeyException}. */
    void insert(Stored workflow) {
        jdbc.sql(
                        "INSERT INTO workflows (id, name, description, version, definition, camel_yaml, created_by,"
                                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        workflow.id(),
                        workflow.name(),
                        workflow.description(),
                        workflow.version(),
                        workflow.definition(),
                        workflow.camelYaml(),
                        workflow.createdBy(),
                        workflow.createdAt().atOffset(ZoneOffset.UTC),
                        workflow.updatedAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    /** Replaces the definition if the stored version is still {@code expectedVersion}. */
    boolean update(Stored workflow, int expectedVersion) {
        return jdbc.sql(
                                "UPDATE workflows SET name = ?, description = ?, version = ?, definition = ?, camel_yaml = ?,"
                                        + " updated_at = ? WHERE id = ? AND version = ?")
                        .params(
                                workflow.name(),
                                workflow.description(),
                                workflow.version(),
                                workflow.definition(),
                                workflow.camelYaml(),
                                workflow.updatedAt().atOffset(ZoneOffset.UTC),
                                workflow.id(),
                                expectedVersion)
                        .update()
                == 1;
    }

    Optional<Stored> find(String id) {
        return jdbc.sql("SELECT * FROM workflows WHERE id = ?").param(id).query(ROW).optional();
    }

    List<Stored> all() {
        return jdbc.sql("SELECT * FROM workflows ORDER BY id").query(ROW).list();
    }

    /** A page of workflows whose name contains {@code name} (any case), by name. */
    List<Stored> page(String name, int offset, int limit) {
        return jdbc.sql(
                        "SELECT * FROM workflows WHERE LOWER(name) LIKE ? ORDER BY name, id LIMIT ? OFFSET ?")
                .params(like(name), limit, offset)
                .query(ROW)
                .list();
    }

    long count(String name) {
        return jdbc.sql("SELECT COUNT(*) FROM workflows WHERE LOWER(name) LIKE ?")
                .param(like(name))
                .query(Long.class)
                .single();
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM workflows WHERE id = ?").param(id).update() == 1;
    }

    private static String like(String name) {
        String escaped =
                name == null
                        ? ""
                        : name.toLowerCase()
                                .replace("\\", "\\\\")
                                .replace("%", "\\%")
                                .replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
