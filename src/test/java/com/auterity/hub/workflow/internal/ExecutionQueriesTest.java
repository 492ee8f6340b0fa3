package com.auterity.hub.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The execution list reads an index in its order and stops at the limit, on the embedded H2
 * database with the hub's own schema: with filters written as {@code (? IS NULL OR ...)}, or
 * ordered by creation time alone, H2 scanned and sorted every execution of the workflow.
 */
class ExecutionQueriesTest {

    private static final String URL =
            "jdbc:h2:mem:execution-queries;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    @BeforeAll
    static void schema() throws SQLException {
        Flyway.configure()
                .dataSource(URL, "hub", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(URL, "hub", "")) {
            c.createStatement()
                    .execute(
                            "INSERT INTO executions (id, workflow_id, workflow_version, status,"
                                    + " created_by, created_at) SELECT RANDOM_UUID(),"
                                    + " CASE WHEN R.\"X\" % 3 = 0 THEN 'a' ELSE 'b' END, 1,"
                                    + " CASE WHEN R.\"X\" % 5 = 0 THEN 'failed' ELSE 'completed' END,"
                                    + " 'test', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00Z'"
                                    + " + R.\"X\" * INTERVAL '1' SECOND FROM SYSTEM_RANGE(1, 3000) R");
            c.createStatement().execute("ANALYZE");
        }
    }

    @Test
    void aFilteredListReadsItsIndexInOrder() throws SQLException {
        boolean[][] filters = {
            {true, false, false, false},
            {true, true, false, false},
            {true, false, true, true},
            {true, true, true, false},
            {false, true, false, false},
            {false, true, true, true}
        };
        for (boolean[] f : filters) {
            var query =
                    Executions.listQuery(
                            f[0] ? "a" : null,
                            f[1] ? Executions.Status.failed : null,
                            f[2] ? OffsetDateTime.parse("2026-01-01T00:10:00Z") : null,
                            f[3] ? OffsetDateTime.parse("2026-01-01T00:40:00Z") : null,
                            20);
            assertThat(plan(query))
                    .as(query.sql())
                    .contains(f[0] ? "executions_workflow" : "executions_status")
                    .contains("index sorted");
        }
    }

    @Test
    void theListIsNewestFirstWithEachFilter() throws SQLException {
        var query =
                Executions.listQuery(
                        "a",
                        Executions.Status.failed,
                        OffsetDateTime.parse("2026-01-01T00:10:00Z"),
                        null,
                        5);
        List<OffsetDateTime> created = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(URL, "hub", "");
                var ps = prepare(c, query.sql(), query)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString("workflow_id")).isEqualTo("a");
                    assertThat(rs.getString("status")).isEqualTo("failed");
                    created.add(rs.getObject("created_at", OffsetDateTime.class));
                }
            }
        }
        // workflow 'a' and failed: every 15th second, the newest at 3000 s (00:50:00)
        assertThat(created)
                .containsExactly(
                        OffsetDateTime.parse("2026-01-01T00:50:00Z"),
                        OffsetDateTime.parse("2026-01-01T00:49:45Z"),
                        OffsetDateTime.parse("2026-01-01T00:49:30Z"),
                        OffsetDateTime.parse("2026-01-01T00:49:15Z"),
                        OffsetDateTime.parse("2026-01-01T00:49:00Z"));
    }

    @Test
    void executionsCarryOnlyTheIndexesTheirQueriesRead() throws SQLException {
        // each index is one more B-tree write for every execution recorded
        List<String> indexes = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(URL, "hub", "");
                ResultSet rs =
                        c.createStatement()
                                .executeQuery(
                                        "SELECT index_name FROM information_schema.indexes"
                                                + " WHERE table_name = 'executions'"
                                                + " AND index_type_name <> 'PRIMARY KEY'")) {
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
        }
        assertThat(indexes).containsExactlyInAnyOrder("executions_workflow", "executions_status");
    }

    private static String plan(Executions.ListQuery query) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "hub", "");
                var ps = prepare(c, "EXPLAIN " + query.sql(), query);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Executions.ListQuery query)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < query.params().size(); i++) {
            ps.setObject(i + 1, query.params().get(i));
        }
        return ps;
    }
}
