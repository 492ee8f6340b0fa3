package com.auterity.hub.ai.usage;

import com.auterity.hub.ai.AiProperties.Budget;
import com.auterity.hub.ai.AiProperties.BudgetPeriod;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The budgets in force: those of {@code hub.ai.budgets}, overridden per subject and period by those
 * set through the API (the ai_budgets table). Read on every admission, so they are held in memory
 * and the map is replaced whole after each change.
 */
final class BudgetBook {

    /** A budget and where it comes from. */
    record Entry(Budget budget, boolean fromApi, Instant updatedAt, String updatedBy) {}

    private record Key(String subject, BudgetPeriod period) {}

    private final JdbcTemplate jdbc;
    private final List<Budget> configured;
    private volatile Map<Key, Entry> inForce = Map.of();

    BudgetBook(JdbcTemplate jdbc, List<Budget> configured) {
        this.jdbc = jdbc;
        this.configured = List.copyOf(configured);
        reload();
    }

    /** The budget of {@code subject} for {@code period}: its own, else the default ({@code *}). */
    Budget find(String subject, BudgetPeriod period) {
        Map<Key, Entry> budgets = inForce;
        Entry own = budgets.get(new Key(subject, period));
        if (own == null) {
            own = budgets.get(new Key("*", period));
        }
        return own == null ? null : own.budget();
    }

    List<Entry> all() {
        return inForce.values().stream()
                .sorted(
                        Comparator.comparing((Entry e) -> e.budget().subject())
                                .thenComparing(e -> e.budget().period()))
                .toList();
    }

    /** Sets a budget through the API; {@code true} if there was none set so before. */
    synchronized boolean put(Budget budget, String by, Instant at) {
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        int updated =
                jdbc.update(
                        "UPDATE ai_budgets SET limit_usd = ?, updated_at = ?, updated_by = ?"
                                + " WHERE subject = ? AND period = ?",
                        ps -> {
                            ps.setBigDecimal(1, budget.limitUsd());
                            ps.setObject(2, when, Types.TIMESTAMP_WITH_TIMEZONE);
                            ps.setString(3, by);
                            ps.setString(4, budget.subject());
                            ps.setString(5, name(budget.period()));
                        });
        if (updated == 0) {
            insert(budget, by, at);
        }
        reload();
        return updated == 0;
    }

    /** Adds a budget through the API; a duplicate key when one is already set so. */
    synchronized void add(Budget budget, String by, Instant at) {
        insert(budget, by, at);
        reload();
    }

    /** Removes a budget set through the API; {@code false} if there was none. */
    synchronized boolean remove(String subject, BudgetPeriod period) {
        int deleted =
                jdbc.update(
                        "DELETE FROM ai_budgets WHERE subject = ? AND period = ?",
                        subject,
                        name(period));
        reload();
        return deleted > 0;
    }

    private void insert(Budget budget, String by, Instant at) {
        jdbc.update(
                "INSERT INTO ai_budgets (subject, period, limit_usd, updated_at, updated_by)"
                        + " VALUES (?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, budget.subject());
                    ps.setString(2, name(budget.period()));
                    ps.setBigDecimal(3, budget.limitUsd());
                    ps.setObject(4, at.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setString(5, by);
                });
    }

    /** Reads the table again (after a change, or to see changes made by another instance). */
    synchronized void reload() {
        Map<Key, Entry> budgets = new LinkedHashMap<>();
        for (Budget b : configured) {
            budgets.put(new Key(b.subject(), b.period()), new Entry(b, false, null, null));
        }
        jdbc.query(
                "SELECT subject, period, limit_usd, updated_at, updated_by FROM ai_budgets",
                rs -> {
                    Budget b =
                            new Budget(
                                    rs.getString("subject"),
                                    period(rs.getString("period")),
                                    rs.getBigDecimal("limit_usd"));
                    budgets.put(
                            new Key(b.subject(), b.period()),
                            new Entry(
                                    b,
                                    true,
                                    rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                                    rs.getString("updated_by")));
                });
        inForce = Map.copyOf(budgets);
    }

    static String name(BudgetPeriod period) {
        return period.name().toLowerCase(Locale.ROOT);
    }

    static BudgetPeriod period(String name) {
        return BudgetPeriod.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
