package com.auterity.hub.ai.usage;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The ai_usage table: one row per ended AI request. */
final class UsageStore {

    /** A usage record as stored: the principal split into its key and its user. */
    record Row(
            String requestId,
            String principal,
            String apiKeyId,
            String username,
            String model,
            String deployment,
            String provider,
            long inputTokens,
            long outputTokens,
            BigDecimal cost,
            boolean cacheHit,
            boolean ok,
            long latencyMs,
            Instant at) {

        LocalDate day() {
            return LocalDate.ofInstant(at, ZoneOffset.UTC);
        }
    }

    /** What one key or user (or both: a key and its owner) spent on one UTC day. */
    record DaySpend(String apiKeyId, String username, LocalDate day, BigDecimal cost) {}

    /** Totals of one group of a report. */
    record GroupTotals(
            String key,
            long requests,
            long inputTokens,
            long outputTokens,
            BigDecimal cost,
            long cacheHits,
            long failures) {}

    private static final String INSERT =
            "INSERT INTO ai_usage (request_id, principal, api_key_id, username, model, deployment,"
                    + " provider, input_tokens, output_tokens, cost, cache_hit, ok, latency_ms,"
                    + " occurred_at, usage_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    UsageStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Writes {@code rows} in one transaction. */
    void insert(List<Row> rows) {
        transaction.executeWithoutResult(
                status ->
                        jdbc.batchUpdate(
                                INSERT,
                                new BatchPreparedStatementSetter() {
                                    @Override
                                    public void setValues(PreparedStatement ps, int i)
                                            throws SQLException {
                                        bind(ps, rows.get(i));
                                    }

                                    @Override
                                    public int getBatchSize() {
                                        return rows.size();
                                    }
                                }));
    }

    private static void bind(PreparedStatement ps, Row row) throws SQLException {
        ps.setString(1, row.requestId());
        ps.setString(2, row.principal());
        ps.setString(3, row.apiKeyId());
        ps.setString(4, row.username());
        ps.setString(5, row.model());
        ps.setString(6, row.deployment());
        ps.setString(7, row.provider());
        ps.setLong(8, row.inputTokens());
        ps.setLong(9, row.outputTokens());
        ps.setBigDecimal(10, row.cost());
        ps.setBoolean(11, row.cacheHit());
        ps.setBoolean(12, row.ok());
        ps.setLong(13, row.latencyMs());
        ps.setObject(14, row.at().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setDate(15, Date.valueOf(row.day()));
    }

    /** What was spent per key, user and UTC day since {@code since} (a day), for the totals. */
    List<DaySpend> spentSince(LocalDate since) {
        return jdbc.query(
                "SELECT api_key_id, username, usage_day, SUM(cost) AS cost FROM ai_usage"
                        + " WHERE usage_day >= ? GROUP BY api_key_id, username, usage_day",
                (rs, i) ->
                        new DaySpend(
                                rs.getString("api_key_id"),
                                rs.getString("username"),
                                rs.getDate("usage_day").toLocalDate(),
                                rs.getBigDecimal("cost")),
                Date.valueOf(since));
    }

    /** How a report groups the records; the column is ours, never the client's text. */
    enum Grouping {
        MODEL("model"),
        KEY("api_key_id"),
        USER("username"),
        DAY("usage_day");

        final String column;

        Grouping(String column) {
            this.column = column;
        }
    }

    /**
     * Totals per group of the requests that ended in [{@code from}, {@code to}), of everyone, of
     * one user ({@code username}: their requests and their keys') or of one key.
     */
    List<GroupTotals> report(
            Instant from, Instant to, Grouping by, String username, String apiKeyId) {
        StringBuilder sql =
                new StringBuilder("SELECT ")
                        .append(by.column)
                        .append(
                                " AS grp, COUNT(*) AS requests, SUM(input_tokens) AS input_tokens,"
                                        + " SUM(output_tokens) AS output_tokens, SUM(cost) AS"
                                        + " cost, SUM(CASE WHEN cache_hit THEN 1 ELSE 0 END) AS"
                                        + " cache_hits, SUM(CASE WHEN ok THEN 0 ELSE 1 END) AS"
                                        + " failures FROM ai_usage WHERE occurred_at >= ? AND"
                                        + " occurred_at < ?");
        List<Object> params = new ArrayList<>();
        params.add(from.atOffset(ZoneOffset.UTC));
        params.add(to.atOffset(ZoneOffset.UTC));
        if (username != null) {
            sql.append(" AND username = ?");
            params.add(username);
        }
        if (apiKeyId != null) {
            sql.append(" AND api_key_id = ?");
            params.add(apiKeyId);
        }
        sql.append(" GROUP BY ").append(by.column).append(" ORDER BY ").append(by.column);
        return jdbc.query(
                sql.toString(),
                (rs, i) ->
                        new GroupTotals(
                                by == Grouping.DAY
                                        ? rs.getDate("grp").toLocalDate().toString()
                                        : rs.getString("grp"),
                                rs.getLong("requests"),
                                rs.getLong("input_tokens"),
                                rs.getLong("output_tokens"),
                                rs.getBigDecimal("cost"),
                                rs.getLong("cache_hits"),
                                rs.getLong("failures")),
                params.toArray());
    }
}
