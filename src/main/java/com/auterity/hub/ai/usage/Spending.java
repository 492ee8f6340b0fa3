package com.auterity.hub.ai.usage;

import com.auterity.hub.ai.AiProperties.BudgetPeriod;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each key and user spent in the current UTC day and month: running totals in memory, so that
 * admitting a request reads two numbers instead of summing the table. They are seeded from the
 * table at start (the current month's records) and kept by every record since; a total whose day or
 * month has passed counts as zero, and the next record starts it afresh. Each instance of the hub
 * keeps its own totals: with several instances, each sees the spending that went through it plus
 * what was in the table when it started.
 */
final class Spending {

    /** The spending of one subject in its latest day and month. */
    private static final class Totals {
        private LocalDate day;
        private BigDecimal dayTotal = BigDecimal.ZERO;
        private YearMonth month;
        private BigDecimal monthTotal = BigDecimal.ZERO;

        synchronized void add(LocalDate on, BigDecimal cost) {
            if (day == null || on.isAfter(day)) {
                day = on;
                dayTotal = cost;
            } else if (on.equals(day)) {
                dayTotal = dayTotal.add(cost);
            }
            // a record of a day already over changes no budget of today: only the table keeps it
            YearMonth in = YearMonth.from(on);
            if (month == null || in.isAfter(month)) {
                month = in;
                monthTotal = cost;
            } else if (in.equals(month)) {
                monthTotal = monthTotal.add(cost);
            }
        }

        synchronized BigDecimal spent(BudgetPeriod period, LocalDate today) {
            return switch (period) {
                case DAY -> today.equals(day) ? dayTotal : BigDecimal.ZERO;
                case MONTH -> YearMonth.from(today).equals(month) ? monthTotal : BigDecimal.ZERO;
            };
        }
    }

    private final Map<String, Totals> bySubject = new ConcurrentHashMap<>();
    private final Clock clock;

    Spending(UsageStore store, Clock clock) {
        this.clock = clock;
        for (UsageStore.DaySpend spend : store.spentSince(today().withDayOfMonth(1))) {
            if (spend.apiKeyId() != null) {
                add("apikey:" + spend.apiKeyId(), spend.day(), spend.cost());
            }
            if (spend.username() != null) {
                add("user:" + spend.username(), spend.day(), spend.cost());
            }
        }
    }

    void add(String subject, LocalDate day, BigDecimal cost) {
        bySubject.computeIfAbsent(subject, s -> new Totals()).add(day, cost);
    }

    /** What {@code subject} spent in the current {@code period}. */
    BigDecimal spent(String subject, BudgetPeriod period) {
        Totals totals = bySubject.get(subject);
        return totals == null ? BigDecimal.ZERO : totals.spent(period, today());
    }

    /** When the current {@code period} ends and spending starts from zero again. */
    Instant resetsAt(BudgetPeriod period) {
        LocalDate today = today();
        LocalDate next =
                switch (period) {
                    case DAY -> today.plusDays(1);
                    case MONTH -> today.withDayOfMonth(1).plusMonths(1);
                };
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    Instant now() {
        return clock.instant();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
