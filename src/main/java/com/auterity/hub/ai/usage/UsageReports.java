package com.auterity.hub.ai.usage;

import com.auterity.hub.security.CurrentUser;
import com.auterity.hub.security.Role;
import com.auterity.hub.shared.ServiceError;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Totals of AI usage over a time range, grouped by model, key, user or day: what {@code GET
 * /api/v1/ai/usage} answers. An admin sees everyone's usage; a user their own (their requests and
 * their keys'); an API key its own.
 */
public class UsageReports {

    /** Totals of a set of requests. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Totals(
            long requests,
            long inputTokens,
            long outputTokens,
            @JsonSerialize(using = Dollars.Json.class) BigDecimal costUsd,
            long cacheHits,
            long failures) {}

    /** The totals of one model, key, user or day ({@code key}: its name, null for none). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Group(
            String key,
            long requests,
            long inputTokens,
            long outputTokens,
            @JsonSerialize(using = Dollars.Json.class) BigDecimal costUsd,
            long cacheHits,
            long failures) {}

    /**
     * A report over [{@code from}, {@code to}); {@code scope} is {@code all}, {@code user:<name>}
     * or {@code apikey:<id>}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Report(
            Instant from,
            Instant to,
            String groupBy,
            String scope,
            List<Group> groups,
            Totals total) {}

    private final UsageStore store;
    private final Clock clock;

    UsageReports(UsageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The report {@code caller} may see. {@code from} and {@code to} are UTC dates ({@code to}
     * includes its day) or instants ({@code to} excludes its own); by default this month so far.
     * {@code groupBy} is {@code model} (default), {@code key}, {@code user} or {@code day}.
     */
    public Report report(CurrentUser caller, String from, String to, String groupBy) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Instant start =
                from == null || from.isBlank()
                        ? today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : time("from", from, false);
        Instant end =
                to == null || to.isBlank()
                        ? today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : time("to", to, true);
        if (!start.isBefore(end)) {
            throw invalid("to", "must be after from");
        }
        UsageStore.Grouping grouping = grouping(groupBy);
        String username = null;
        String keyId = null;
        String scope = "all";
        if (!caller.has(Role.ADMIN)) {
            if (caller.name().startsWith(AccountingLedger.API_KEY)) {
                keyId = caller.name().substring(AccountingLedger.API_KEY.length());
                scope = caller.name();
            } else {
                username = caller.name();
                scope = AccountingLedger.USER + username;
            }
        }
        return report(start, end, grouping, username, keyId, scope);
    }

    Report report(
            Instant from,
            Instant to,
            UsageStore.Grouping grouping,
            String username,
            String keyId,
            String scope) {
        List<Group> groups = new ArrayList<>();
        long requests = 0;
        long input = 0;
        long output = 0;
        BigDecimal cost = BigDecimal.ZERO;
        long cacheHits = 0;
        long failures = 0;
        for (UsageStore.GroupTotals t : store.report(from, to, grouping, username, keyId)) {
            groups.add(
                    new Group(
                            t.key(),
                            t.requests(),
                            t.inputTokens(),
                            t.outputTokens(),
                            t.cost(),
                            t.cacheHits(),
                            t.failures()));
            requests += t.requests();
            input += t.inputTokens();
            output += t.outputTokens();
            cost = cost.add(t.cost());
            cacheHits += t.cacheHits();
            failures += t.failures();
        }
        return new Report(
                from,
                to,
                grouping.name().toLowerCase(Locale.ROOT),
                scope,
                groups,
                new Totals(requests, input, output, cost, cacheHits, failures));
    }

    private static Instant time(String field, String text, boolean end) {
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(
                    field, "must be a date (2026-12-01) or an instant (2026-12-01T10:00:00Z)");
        }
    }

    private static UsageStore.Grouping grouping(String groupBy) {
        if (groupBy == null || groupBy.isBlank()) {
            return UsageStore.Grouping.MODEL;
        }
        try {
            return UsageStore.Grouping.valueOf(groupBy.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("group_by", "must be model, key, user or day");
        }
    }

    private static ServiceError invalid(String field, String message) {
        return ServiceError.badRequest(
                "VALIDATION_FAILED",
                "The request is invalid",
                List.of(Map.of("field", field, "message", message)));
    }
}
