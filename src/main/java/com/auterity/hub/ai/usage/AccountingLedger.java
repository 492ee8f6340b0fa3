package com.auterity.hub.ai.usage;

import com.auterity.hub.ai.AiProperties.Accounting;
import com.auterity.hub.ai.AiProperties.Budget;
import com.auterity.hub.ai.AiProperties.BudgetPeriod;
import com.auterity.hub.security.ApiKeyOwners;
import com.auterity.hub.shared.Correlation;
import com.auterity.hub.shared.ServiceError;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;

/**
 * The {@link UsageLedger}: budgets and rate limits checked in memory at admission; each record
 * updates the running totals and the token allowance on the caller's thread (a few map lookups) and
 * is queued for the background writer.
 *
 * <p>Subjects: a request of API key {@code k} owned by user {@code u} counts for the budgets of
 * {@code apikey:k} and of {@code user:u}; a user's own request for {@code user:u}. Rate limits are
 * per principal only: a key's requests use the key's allowance, not its owner's.
 */
final class AccountingLedger implements UsageLedger, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AccountingLedger.class);

    static final String API_KEY = "apikey:";
    static final String USER = "user:";

    /** Longest-lived estimate waiting for its record: past this the request is surely over. */
    private static final long FORGET_ESTIMATES_AFTER = 15 * 60_000;

    private final BudgetBook budgets;
    private final Spending spending;
    private final RateLimiter limiter;
    private final ApiKeyOwners owners;
    private final Clock clock;
    private final UsageWriter writer;
    private final PendingEstimates estimates = new PendingEstimates(FORGET_ESTIMATES_AFTER);
    private final Map<String, String> ownerOfKey = new ConcurrentHashMap<>();

    AccountingLedger(
            UsageStore store,
            BudgetBook budgets,
            Spending spending,
            RateLimiter limiter,
            ApiKeyOwners owners,
            Accounting settings,
            Clock clock) {
        this.budgets = budgets;
        this.spending = spending;
        this.limiter = limiter;
        this.owners = owners;
        this.clock = clock;
        this.writer = new UsageWriter(store, settings);
    }

    @Override
    public void admit(String principal, long estimatedTokens) {
        for (String subject : budgetSubjects(principal)) {
            for (BudgetPeriod period : BudgetPeriod.values()) {
                Budget budget = budgets.find(subject, period);
                if (budget == null) {
                    continue;
                }
                BigDecimal spent = spending.spent(subject, period);
                if (spent.compareTo(budget.limitUsd()) >= 0) {
                    throw budgetExceeded(subject, budget, spent);
                }
            }
        }
        limiter.admit(rateSubject(principal), estimatedTokens);
        estimates.add(principal, Correlation.current(), estimatedTokens, clock.millis());
    }

    private ServiceError budgetExceeded(String subject, Budget budget, BigDecimal spent) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("subject", subject);
        details.put("period", BudgetBook.name(budget.period()));
        details.put("limit", Dollars.number(budget.limitUsd()));
        details.put("spent", Dollars.number(spent));
        details.put("resets_at", spending.resetsAt(budget.period()).toString());
        return new ServiceError(
                HttpStatus.TOO_MANY_REQUESTS,
                "BUDGET_EXCEEDED",
                "The "
                        + BudgetBook.name(budget.period())
                        + "ly AI budget of "
                        + subject
                        + " is spent",
                details);
    }

    @Override
    public void record(Usage usage) {
        try {
            UsageStore.Row row = row(usage);
            if (row.apiKeyId() != null) {
                spending.add(API_KEY + row.apiKeyId(), row.day(), row.cost());
            }
            if (row.username() != null) {
                spending.add(USER + row.username(), row.day(), row.cost());
            }
            // a cached answer used no provider capacity, whatever its token counts say
            long used = usage.cacheHit() ? 0 : row.inputTokens() + row.outputTokens();
            long estimated = estimates.settle(row.principal(), row.requestId());
            limiter.adjust(rateSubject(row.principal()), used - Math.max(0, estimated));
            writer.accept(row);
        } catch (RuntimeException e) {
            log.error("Could not account the AI request {}", usage, e);
        }
    }

    private UsageStore.Row row(Usage usage) {
        String principal = usage.principal() == null ? "unknown" : usage.principal();
        String keyId = null;
        String username = principal;
        if (principal.startsWith(API_KEY)) {
            keyId = principal.substring(API_KEY.length());
            username = ownerOf(keyId);
        }
        Instant at = usage.at() == null ? clock.instant() : usage.at();
        return new UsageStore.Row(
                cut(usage.requestId(), 100),
                cut(principal, 100),
                cut(keyId, 36),
                cut(username, 64),
                usage.model() == null ? "" : cut(usage.model(), 200),
                cut(usage.deployment(), 200),
                cut(usage.provider(), 50),
                usage.inputTokens(),
                usage.outputTokens(),
                usage.cost() == null ? BigDecimal.ZERO : usage.cost(),
                usage.cacheHit(),
                usage.ok(),
                usage.latencyMs(),
                at);
    }

    /** The budget subjects of {@code principal}: itself, and for a key also its owner. */
    private List<String> budgetSubjects(String principal) {
        List<String> subjects = new ArrayList<>(2);
        if (principal.startsWith(API_KEY)) {
            subjects.add(principal);
            String owner = ownerOf(principal.substring(API_KEY.length()));
            if (owner != null) {
                subjects.add(USER + owner);
            }
        } else {
            subjects.add(USER + principal);
        }
        return subjects;
    }

    static String rateSubject(String principal) {
        return principal.startsWith(API_KEY) ? principal : USER + principal;
    }

    /**
     * The owner of a key, looked up once: a key never changes hands. If the lookup fails (the
     * database is away), null for now and asked again next time.
     */
    private String ownerOf(String keyId) {
        String owner = ownerOfKey.get(keyId);
        if (owner == null) {
            try {
                owner = owners.ownerOf(keyId).orElse("");
            } catch (RuntimeException e) {
                log.warn("Could not look up the owner of API key {}: {}", keyId, e.toString());
                return null;
            }
            ownerOfKey.put(keyId, owner);
        }
        return owner.isEmpty() ? null : owner;
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** Records waiting for the writer (for tests and metrics). */
    int pendingWrites() {
        return writer.pending();
    }

    @Override
    public void destroy() {
        writer.close();
    }
}
