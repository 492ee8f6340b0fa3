package com.auterity.hub.ai.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.auterity.hub.ai.AiProperties.Accounting;
import com.auterity.hub.ai.AiProperties.Budget;
import com.auterity.hub.ai.AiProperties.BudgetPeriod;
import com.auterity.hub.ai.AiProperties.RateLimit;
import com.auterity.hub.ai.AiProperties.RateLimits;
import com.auterity.hub.ai.usage.UsageLedger.Usage;
import com.auterity.hub.security.ApiKeyOwners;
import com.auterity.hub.security.CurrentUser;
import com.auterity.hub.security.Role;
import com.auterity.hub.shared.Correlation;
import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The AI usage ledger's contract, written once and run on each database the hub supports: exact
 * costs, per key and per user totals, budgets that cut off and reset with the UTC day and month,
 * rate limits that cut off and recover, records that survive a clean shutdown, and the usage and
 * budget endpoints over HTTP with their role rules.
 *
 * <p>Most tests build ledgers of their own on the hub's database and its real API key owners, with
 * a clock they move; the HTTP tests use the hub's own ledger.
 */
public abstract class UsageLedgerContract extends HubIntegrationTest {

    private static final ObjectMapper EXACT =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Autowired JdbcTemplate jdbc;
    @Autowired PlatformTransactionManager transactions;
    @Autowired ApiKeyOwners owners;
    @Autowired Validator validator;
    @Autowired UsageLedger hubLedger;

    private final List<AccountingLedger> opened = new ArrayList<>();

    @AfterEach
    void closeLedgers() {
        opened.forEach(AccountingLedger::destroy);
        MDC.remove(Correlation.MDC_KEY);
    }

    /** A ledger of its own, on the hub's database, and its budgets and reports. */
    private record Ledger(AccountingLedger ledger, AiBudgets budgets, UsageReports reports) {}

    private Ledger ledger(MovableClock clock, RateLimits limits, List<Budget> budgets) {
        return ledger(
                clock,
                limits,
                budgets,
                new Accounting(
                        10_000,
                        500,
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30)));
    }

    private Ledger ledger(
            MovableClock clock, RateLimits limits, List<Budget> budgets, Accounting accounting) {
        UsageStore store = new UsageStore(jdbc, transactions);
        Spending spending = new Spending(store, clock);
        BudgetBook book = new BudgetBook(jdbc, budgets);
        AccountingLedger ledger =
                new AccountingLedger(
                        store,
                        book,
                        spending,
                        new RateLimiter(limits, clock),
                        owners,
                        accounting,
                        clock);
        opened.add(ledger);
        return new Ledger(
                ledger, new AiBudgets(book, spending, validator), new UsageReports(store, clock));
    }

    private static RateLimits noLimits() {
        return new RateLimits(0, 0, List.of());
    }

    private static Budget budget(String subject, BudgetPeriod period, String usd) {
        return new Budget(subject, period, new BigDecimal(usd));
    }

    private static Usage usage(String principal, String model, String cost, Instant at) {
        return usage(principal, model, 10, 20, cost, at);
    }

    private static Usage usage(
            String principal, String model, long in, long out, String cost, Instant at) {
        return new Usage(
                UUID.randomUUID().toString(),
                principal,
                model,
                model + "-deployment",
                "openai",
                in,
                out,
                new BigDecimal(cost),
                false,
                true,
                42,
                at);
    }

    private int rows(String column, String value) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM ai_usage WHERE " + column + " = ?", Integer.class, value);
    }

    private void awaitRows(String column, String value, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> rows(column, value) == count);
    }

    /** A new user (with a role) and an API key of theirs; returns [name, key id, key]. */
    private String[] userWithKey(String role) {
        String name = unique(role.toLowerCase());
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/users",
                        Map.of(
                                "username",
                                name,
                                "password",
                                "correct horse battery",
                                "roles",
                                List.of(role)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String token = login(name, "correct horse battery");
        var key =
                send(
                        "POST",
                        "/api/v1/auth/api-keys",
                        Map.of("name", "ai", "roles", List.of(role)),
                        Map.of("Authorization", "Bearer " + token));
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        JsonNode k = body(key);
        return new String[] {name, k.get("id").asText(), k.get("key").asText(), token};
    }

    /** The details of a refusal, as the client reads them in the JSON error. */
    private JsonNode details(ServiceError error) {
        try {
            return EXACT.readTree(json.writeValueAsString(error.details()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServiceError refusal(Runnable admit) {
        ServiceError error = catchThrowableOfType(ServiceError.class, admit::run);
        assertThat(error).as("the request should have been refused").isNotNull();
        return error;
    }

    // --- costs and totals -----------------------------------------------------------------

    @Test
    void costsAddUpExactly() {
        var clock = new MovableClock(Instant.parse("2031-02-10T12:00:00Z"));
        Ledger l = ledger(clock, noLimits(), List.of());
        String user = unique("exact");
        // ten times 0.1 is 1 exactly in decimal, not 0.9999999999999999 as in binary floating point
        for (int i = 0; i < 10; i++) {
            l.ledger().record(usage(user, "gpt-4o", "0.1", clock.instant()));
        }
        for (int i = 0; i < 7; i++) {
            l.ledger().record(usage(user, "gpt-4o-mini", "0.00000015", clock.instant()));
        }
        awaitRows("principal", user, 17);

        UsageReports.Report report =
                l.reports()
                        .report(
                                new CurrentUser(user, Set.of(Role.VIEWER)),
                                "2031-02-10",
                                "2031-02-10",
                                "model");

        assertThat(report.scope()).isEqualTo("user:" + user);
        assertThat(report.groups())
                .extracting(UsageReports.Group::key)
                .containsExactly("gpt-4o", "gpt-4o-mini");
        assertThat(report.groups().get(0).costUsd()).isEqualByComparingTo("1");
        assertThat(report.groups().get(1).costUsd()).isEqualByComparingTo("0.00000105");
        assertThat(report.total().costUsd()).isEqualByComparingTo("1.00000105");
        assertThat(report.total().requests()).isEqualTo(17);
        assertThat(report.total().inputTokens()).isEqualTo(170);
        assertThat(report.total().outputTokens()).isEqualTo(340);
    }

    @Test
    void usageCountsForTheKeyAndForItsOwner() {
        var clock = new MovableClock(Instant.parse("2031-03-05T08:00:00Z"));
        String[] owner = userWithKey("DEVELOPER");
        String user = owner[0];
        String key = "apikey:" + owner[1];
        Ledger l =
                ledger(
                        clock,
                        noLimits(),
                        List.of(
                                budget(key, BudgetPeriod.DAY, "100"),
                                budget("user:" + user, BudgetPeriod.DAY, "100")));
        l.ledger().record(usage(key, "claude", "0.25", clock.instant()));
        l.ledger().record(usage(key, "claude", "0.5", clock.instant()));
        var failed = usage(user, "gpt-4o", 5, 0, "0", clock.instant());
        l.ledger()
                .record(
                        new Usage(
                                failed.requestId(),
                                user,
                                "gpt-4o",
                                null,
                                null,
                                5,
                                0,
                                BigDecimal.ZERO,
                                false,
                                false,
                                30_000,
                                clock.instant()));
        var cached =
                new Usage(
                        "cached-1",
                        user,
                        "gpt-4o",
                        "gpt-4o-deployment",
                        "openai",
                        7,
                        9,
                        BigDecimal.ZERO,
                        true,
                        true,
                        1,
                        clock.instant());
        l.ledger().record(cached);
        l.ledger().record(usage(user, "gpt-4o", "1.125", clock.instant()));
        awaitRows("username", user, 5);

        // the running totals: the key's own, and its owner's with the key's included
        Map<String, BigDecimal> spent = new java.util.HashMap<>();
        l.budgets().list().forEach(b -> spent.put(b.subject(), b.spentUsd()));
        assertThat(spent.get(key)).isEqualByComparingTo("0.75");
        assertThat(spent.get("user:" + user)).isEqualByComparingTo("1.875");

        var caller = new CurrentUser(user, Set.of(Role.DEVELOPER));
        var byKey = l.reports().report(caller, "2031-03-05", "2031-03-05", "key");
        assertThat(byKey.groups()).hasSize(2);
        var ofKey = byKey.groups().stream().filter(g -> owner[1].equals(g.key())).findFirst();
        assertThat(ofKey)
                .hasValueSatisfying(
                        g -> {
                            assertThat(g.requests()).isEqualTo(2);
                            assertThat(g.costUsd()).isEqualByComparingTo("0.75");
                        });
        var direct = byKey.groups().stream().filter(g -> g.key() == null).findFirst();
        assertThat(direct)
                .hasValueSatisfying(
                        g -> {
                            assertThat(g.requests()).isEqualTo(3);
                            assertThat(g.failures()).isEqualTo(1);
                            assertThat(g.cacheHits()).isEqualTo(1);
                            assertThat(g.costUsd()).isEqualByComparingTo("1.125");
                        });
        var byUser = l.reports().report(caller, "2031-03-05", "2031-03-05", "user");
        assertThat(byUser.groups())
                .singleElement()
                .satisfies(
                        g -> {
                            assertThat(g.key()).isEqualTo(user);
                            assertThat(g.requests()).isEqualTo(5);
                            assertThat(g.costUsd()).isEqualByComparingTo("1.875");
                        });
        // the key itself, not an admin, sees only what went through it
        var asKey =
                l.reports()
                        .report(
                                new CurrentUser(key, Set.of(Role.DEVELOPER)),
                                "2031-03-05",
                                "2031-03-05",
                                "day");
        assertThat(asKey.scope()).isEqualTo(key);
        assertThat(asKey.groups())
                .singleElement()
                .satisfies(
                        g -> {
                            assertThat(g.key()).isEqualTo("2031-03-05");
                            assertThat(g.requests()).isEqualTo(2);
                        });
    }

    // --- budgets --------------------------------------------------------------------------

    @Test
    void aDailyBudgetCutsOffAtTheLimitAndResetsAtMidnightUtc() {
        var clock = new MovableClock(Instant.parse("2031-03-10T22:30:00Z"));
        String[] owner = userWithKey("DEVELOPER");
        String user = owner[0];
        String key = "apikey:" + owner[1];
        Ledger l =
                ledger(
                        clock,
                        noLimits(),
                        List.of(budget("user:" + user, BudgetPeriod.DAY, "1.00")));

        l.ledger().admit(user, 100);
        l.ledger().record(usage(user, "gpt-4o", "0.6", clock.instant()));
        l.ledger().admit(key, 100);
        l.ledger().record(usage(key, "gpt-4o", "0.39", clock.instant()));
        l.ledger().admit(user, 100);
        l.ledger().record(usage(user, "gpt-4o", "0.01", clock.instant()));

        ServiceError refused = refusal(() -> l.ledger().admit(user, 100));
        assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.code()).isEqualTo("BUDGET_EXCEEDED");
        JsonNode details = details(refused);
        assertThat(details.get("subject").asText()).isEqualTo("user:" + user);
        assertThat(details.get("period").asText()).isEqualTo("day");
        assertThat(details.get("limit").decimalValue()).isEqualByComparingTo("1");
        assertThat(details.get("spent").decimalValue()).isEqualByComparingTo("1.00");
        assertThat(details.get("resets_at").asText()).isEqualTo("2031-03-11T00:00:00Z");
        // the owner's budget covers the requests of their keys too
        assertThat(refusal(() -> l.ledger().admit(key, 100)).code()).isEqualTo("BUDGET_EXCEEDED");

        clock.set(Instant.parse("2031-03-10T23:59:59Z"));
        assertThat(refusal(() -> l.ledger().admit(user, 100)).code()).isEqualTo("BUDGET_EXCEEDED");
        clock.set(Instant.parse("2031-03-11T00:00:00Z"));
        assertThatCode(() -> l.ledger().admit(user, 100)).doesNotThrowAnyException();
        assertThatCode(() -> l.ledger().admit(key, 100)).doesNotThrowAnyException();
    }

    @Test
    void aMonthlyKeyBudgetResetsOnTheFirstOfTheNextMonth() {
        var clock = new MovableClock(Instant.parse("2031-04-30T12:00:00Z"));
        String[] owner = userWithKey("DEVELOPER");
        String key = "apikey:" + owner[1];
        Ledger l = ledger(clock, noLimits(), List.of(budget(key, BudgetPeriod.MONTH, "2")));

        l.ledger().admit(key, 10);
        l.ledger().record(usage(key, "gpt-4o", "1.5", Instant.parse("2031-04-01T00:00:00Z")));
        l.ledger().record(usage(key, "gpt-4o", "0.5", clock.instant()));

        ServiceError refused = refusal(() -> l.ledger().admit(key, 10));
        assertThat(refused.code()).isEqualTo("BUDGET_EXCEEDED");
        JsonNode details = details(refused);
        assertThat(details.get("period").asText()).isEqualTo("month");
        assertThat(details.get("resets_at").asText()).isEqualTo("2031-05-01T00:00:00Z");
        // the budget is the key's: its owner's own requests go on
        assertThatCode(() -> l.ledger().admit(owner[0], 10)).doesNotThrowAnyException();

        clock.set(Instant.parse("2031-05-01T00:00:01Z"));
        assertThatCode(() -> l.ledger().admit(key, 10)).doesNotThrowAnyException();
    }

    @Test
    void theDefaultBudgetHoldsForEachSubjectOnItsOwn() {
        var clock = new MovableClock(Instant.parse("2031-06-15T10:00:00Z"));
        String first = unique("first");
        String second = unique("second");
        Ledger l =
                ledger(
                        clock,
                        noLimits(),
                        List.of(
                                budget("*", BudgetPeriod.DAY, "0.5"),
                                budget("user:" + second, BudgetPeriod.DAY, "10")));

        l.ledger().record(usage(first, "m", "0.5", clock.instant()));
        l.ledger().record(usage(second, "m", "0.5", clock.instant()));

        assertThat(refusal(() -> l.ledger().admit(first, 1)).code()).isEqualTo("BUDGET_EXCEEDED");
        // a budget of its own replaces the default
        assertThatCode(() -> l.ledger().admit(second, 1)).doesNotThrowAnyException();
        assertThatCode(() -> l.ledger().admit(unique("third"), 1)).doesNotThrowAnyException();
    }

    @Test
    void spendingIsSeededFromTheTableAtStart() {
        var clock = new MovableClock(Instant.parse("2031-07-20T09:00:00Z"));
        String user = unique("seeded");
        List<Budget> budgets =
                List.of(
                        budget("user:" + user, BudgetPeriod.DAY, "3"),
                        budget("user:" + user, BudgetPeriod.MONTH, "5"));
        Ledger before = ledger(clock, noLimits(), budgets);
        before.ledger().record(usage(user, "m", "2", Instant.parse("2031-07-02T09:00:00Z")));
        before.ledger().record(usage(user, "m", "2.5", clock.instant()));
        before.ledger().destroy();

        Ledger after = ledger(clock, noLimits(), budgets);
        // 2.5 today of 3, 4.5 this month of 5: still in
        after.ledger().admit(user, 1);
        after.ledger().record(usage(user, "m", "0.5", clock.instant()));

        ServiceError refused = refusal(() -> after.ledger().admit(user, 1));
        JsonNode details = details(refused);
        assertThat(details.get("period").asText()).isEqualTo("day");
        assertThat(details.get("spent").decimalValue()).isEqualByComparingTo("3");

        after.ledger().destroy();
        clock.set(Instant.parse("2031-07-21T00:00:00Z"));
        Ledger nextDay = ledger(clock, noLimits(), budgets);
        refused = refusal(() -> nextDay.ledger().admit(user, 1));
        details = details(refused);
        assertThat(details.get("period").asText()).isEqualTo("month");
        assertThat(details.get("spent").decimalValue()).isEqualByComparingTo("5");
    }

    // --- rate limits ----------------------------------------------------------------------

    @Test
    void requestsPerMinuteCutOffAndRecover() {
        var clock = new MovableClock(Instant.parse("2031-08-01T10:00:00Z"));
        String user = unique("rpm");
        String other = unique("rpm-other");
        Ledger l =
                ledger(
                        clock,
                        new RateLimits(3, 0, List.of(new RateLimit("user:" + other, 100L, null))),
                        List.of());

        for (int i = 0; i < 3; i++) {
            l.ledger().admit(user, 10);
        }
        ServiceError refused = refusal(() -> l.ledger().admit(user, 10));
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        // one request comes back every 20 seconds
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        // an override of its own
        for (int i = 0; i < 10; i++) {
            l.ledger().admit(other, 10);
        }

        clock.advance(Duration.ofSeconds(19));
        assertThat(refusal(() -> l.ledger().admit(user, 10)).retryAfter())
                .isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        l.ledger().admit(user, 10);
        assertThat(refusal(() -> l.ledger().admit(user, 10)).code()).isEqualTo("RATE_LIMITED");

        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            l.ledger().admit(user, 10);
        }
    }

    @Test
    void tokensPerMinuteAreChargedWithTheEstimateAndCorrectedWithTheActualUse() {
        var clock = new MovableClock(Instant.parse("2031-08-02T10:00:00Z"));
        String[] owner = userWithKey("DEVELOPER");
        String key = "apikey:" + owner[1];
        Ledger l = ledger(clock, new RateLimits(0, 1000, List.of()), List.of());

        MDC.put(Correlation.MDC_KEY, "req-1");
        l.ledger().admit(key, 600);
        MDC.put(Correlation.MDC_KEY, "req-2");
        ServiceError refused = refusal(() -> l.ledger().admit(key, 600));
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        // 400 left, 200 missing, at 1000 a minute
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(12));

        // req-1 used 100 tokens, not 600: 500 come back
        l.ledger()
                .record(
                        new Usage(
                                "req-1",
                                key,
                                "m",
                                "d",
                                "openai",
                                60,
                                40,
                                new BigDecimal("0.001"),
                                false,
                                true,
                                5,
                                clock.instant()));
        l.ledger().admit(key, 600);

        // 300 left; req-2 used 450 instead of 600, then a request the router never admitted
        // used 400: 300 + 150 - 400 = 50 left
        l.ledger()
                .record(
                        new Usage(
                                "req-2",
                                key,
                                "m",
                                "d",
                                "openai",
                                400,
                                50,
                                BigDecimal.ZERO,
                                false,
                                true,
                                5,
                                clock.instant()));
        l.ledger()
                .record(
                        new Usage(
                                "not-admitted",
                                key,
                                "m",
                                "d",
                                "openai",
                                200,
                                200,
                                BigDecimal.ZERO,
                                false,
                                true,
                                5,
                                clock.instant()));
        MDC.put(Correlation.MDC_KEY, "req-3");
        refused = refusal(() -> l.ledger().admit(key, 100));
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(3));
        l.ledger().admit(key, 100);
    }

    // --- the write path -------------------------------------------------------------------

    @Test
    void everyAcceptedRecordSurvivesACleanShutdown() {
        var clock = new MovableClock(Instant.parse("2031-09-01T10:00:00Z"));
        String user = unique("shutdown");
        Ledger l =
                ledger(
                        clock,
                        noLimits(),
                        List.of(),
                        new Accounting(
                                100_000,
                                7,
                                Duration.ofMillis(100),
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(60)));
        int count = 1000;
        for (int i = 0; i < count; i++) {
            l.ledger().record(usage(user, "m", "0.001", clock.instant()));
        }
        // nothing waited for the writer so far; closing must write what is queued
        l.ledger().destroy();
        assertThat(l.ledger().pendingWrites()).isZero();
        assertThat(rows("principal", user)).isEqualTo(count);

        // a record after the shutdown is written on the caller's thread
        l.ledger().record(usage(user, "m", "0.001", clock.instant()));
        assertThat(rows("principal", user)).isEqualTo(count + 1);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT SUM(cost) FROM ai_usage WHERE principal = ?",
                                BigDecimal.class,
                                user))
                .isEqualByComparingTo("1.001");
    }

    @Test
    void recordNeverThrowsAndKeepsWhatFits() {
        var clock = new MovableClock(Instant.parse("2031-09-02T10:00:00Z"));
        String user = unique("odd");
        Ledger l = ledger(clock, noLimits(), List.of());
        String longModel = "m".repeat(500);

        assertThatCode(
                        () -> {
                            l.ledger()
                                    .record(
                                            new Usage(
                                                    null, user, longModel, null, null, 1, 2, null,
                                                    false, false, 0, null));
                            l.ledger().record(null);
                        })
                .doesNotThrowAnyException();
        awaitRows("principal", user, 1);
        assertThat(
                        jdbc.queryForObject(
                                "SELECT model FROM ai_usage WHERE principal = ?",
                                String.class,
                                user))
                .isEqualTo("m".repeat(200));
    }

    // --- over HTTP ------------------------------------------------------------------------

    private HttpResponse<String> get(String path, String token) {
        return send("GET", path, null, Map.of("Authorization", "Bearer " + token));
    }

    private JsonNode exact(HttpResponse<String> response) {
        try {
            return EXACT.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theUsageReportShowsEveryoneToAnAdminAndTheirOwnToOthers() {
        String[] alice = userWithKey("VIEWER");
        String[] bob = userWithKey("DEVELOPER");
        String model = unique("model");
        Instant now = Instant.now();
        hubLedger.record(usage(alice[0], model, "0.1", now));
        hubLedger.record(usage("apikey:" + alice[1], model, "0.2", now));
        hubLedger.record(usage(bob[0], model, "0.4", now));
        awaitRows("model", model, 3);

        String range = "from=" + now.minusSeconds(60) + "&to=" + now.plusSeconds(60);
        var all = asAdmin("GET", "/api/v1/ai/usage?group_by=user&" + range, null);
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        JsonNode report = exact(all);
        assertThat(report.get("scope").asText()).isEqualTo("all");
        assertThat(report.get("group_by").asText()).isEqualTo("user");
        Map<String, JsonNode> byUser = new java.util.HashMap<>();
        report.get("groups").forEach(g -> byUser.put(g.get("key").asText(), g));
        assertThat(byUser.get(alice[0]).get("cost_usd").decimalValue()).isEqualByComparingTo("0.3");
        assertThat(byUser.get(alice[0]).get("requests").asLong()).isEqualTo(2);
        assertThat(byUser.get(bob[0]).get("cost_usd").decimalValue()).isEqualByComparingTo("0.4");

        // alice (a viewer) sees hers only, her key's requests included, whatever she groups by
        JsonNode own = exact(get("/api/v1/ai/usage?group_by=user&" + range, alice[3]));
        assertThat(own.get("scope").asText()).isEqualTo("user:" + alice[0]);
        assertThat(own.get("groups")).hasSize(1);
        assertThat(own.get("groups").get(0).get("key").asText()).isEqualTo(alice[0]);
        JsonNode total = own.get("total");
        assertThat(total.get("requests").asLong()).isEqualTo(2);
        assertThat(total.get("input_tokens").asLong()).isEqualTo(20);
        assertThat(total.get("output_tokens").asLong()).isEqualTo(40);
        assertThat(total.get("cost_usd").decimalValue()).isEqualTo(new BigDecimal("0.3"));
        assertThat(total.get("cache_hits").asLong()).isZero();
        assertThat(total.get("failures").asLong()).isZero();

        // her key sees only what went through it
        var viaKey =
                send(
                        "GET",
                        "/api/v1/ai/usage?group_by=key&" + range,
                        null,
                        Map.of("X-API-Key", alice[2]));
        assertThat(viaKey.statusCode()).as(viaKey.body()).isEqualTo(200);
        JsonNode keyReport = exact(viaKey);
        assertThat(keyReport.get("scope").asText()).isEqualTo("apikey:" + alice[1]);
        assertThat(keyReport.get("total").get("cost_usd").decimalValue())
                .isEqualByComparingTo("0.2");

        assertError(get("/api/v1/ai/usage?group_by=colour", alice[3]), 400, "VALIDATION_FAILED");
        JsonNode badDate =
                assertError(
                        get("/api/v1/ai/usage?from=yesterday", alice[3]), 400, "VALIDATION_FAILED");
        assertThat(badDate.get("details").get(0).get("field").asText()).isEqualTo("from");
        assertError(
                get("/api/v1/ai/usage?from=2031-01-02&to=2031-01-01", alice[3]),
                400,
                "VALIDATION_FAILED");
        assertError(send("GET", "/api/v1/ai/usage", null, Map.of()), 401, "UNAUTHENTICATED");
    }

    @Test
    void budgetsAreManagedByAnAdminAndValidated() {
        String developer = tokenOfNewUser("DEVELOPER");
        String subject = "user:" + unique("budgeted");
        Map<String, Object> budget = Map.of("subject", subject, "period", "day", "limit_usd", 5);
        Map<String, String> asDeveloper = Map.of("Authorization", "Bearer " + developer);

        assertError(send("GET", "/api/v1/ai/budgets", null, asDeveloper), 403, "FORBIDDEN");
        assertError(send("PUT", "/api/v1/ai/budgets", budget, asDeveloper), 403, "FORBIDDEN");
        assertError(send("POST", "/api/v1/ai/budgets", budget, asDeveloper), 403, "FORBIDDEN");
        assertError(
                send("DELETE", "/api/v1/ai/budgets/" + subject + "/day", null, asDeveloper),
                403,
                "FORBIDDEN");

        var created = asAdmin("POST", "/api/v1/ai/budgets", budget);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode view = exact(created);
        assertThat(view.get("subject").asText()).isEqualTo(subject);
        assertThat(view.get("period").asText()).isEqualTo("day");
        assertThat(view.get("limit_usd").decimalValue()).isEqualTo(new BigDecimal("5"));
        assertThat(view.get("spent_usd").decimalValue()).isEqualByComparingTo("0");
        assertThat(view.get("source").asText()).isEqualTo("api");
        assertThat(view.get("updated_by").asText()).isEqualTo("admin");
        assertError(asAdmin("POST", "/api/v1/ai/budgets", budget), 409, "CONFLICT");

        var replaced =
                asAdmin(
                        "PUT",
                        "/api/v1/ai/budgets",
                        Map.of("subject", subject, "period", "day", "limit_usd", "7.25"));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(exact(replaced).get("limit_usd").decimalValue())
                .isEqualTo(new BigDecimal("7.25"));
        JsonNode listed = exact(asAdmin("GET", "/api/v1/ai/budgets", null));
        assertThat(listed.findValuesAsText("subject")).contains(subject);

        JsonNode invalid =
                assertError(
                        asAdmin(
                                "PUT",
                                "/api/v1/ai/budgets",
                                Map.of("subject", "bob", "period", "week", "limit_usd", -1)),
                        400,
                        "VALIDATION_FAILED");
        assertThat(invalid.get("details").findValuesAsText("field"))
                .containsExactly("limit_usd", "period", "subject");
        assertError(
                asAdmin("PUT", "/api/v1/ai/budgets", Map.of("subject", subject, "period", "day")),
                400,
                "VALIDATION_FAILED");
        assertError(
                asAdmin(
                        "PUT",
                        "/api/v1/ai/budgets",
                        Map.of("subject", subject, "period", "day", "limit_usd", 1, "cap", 2)),
                400,
                "UNKNOWN_FIELD");
        assertError(asAdmin("PUT", "/api/v1/ai/budgets", "{\"subject\":"), 400, "MALFORMED_JSON");
        assertError(
                asAdmin("DELETE", "/api/v1/ai/budgets/" + subject + "/week", null),
                400,
                "VALIDATION_FAILED");

        // the default of every subject, addressed as * (a limit no test here reaches)
        var defaults =
                asAdmin(
                        "PUT",
                        "/api/v1/ai/budgets",
                        Map.of("subject", "*", "period", "month", "limit_usd", 1_000_000));
        assertThat(defaults.statusCode()).as(defaults.body()).isEqualTo(200);
        JsonNode defaultSpent = exact(defaults).path("spent_usd");
        assertThat(defaultSpent.isNull() || defaultSpent.isMissingNode()).isTrue();
        assertThat(asAdmin("DELETE", "/api/v1/ai/budgets/*/month", null).statusCode())
                .isEqualTo(204);

        var deleted = asAdmin("DELETE", "/api/v1/ai/budgets/" + subject + "/day", null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertError(
                asAdmin("DELETE", "/api/v1/ai/budgets/" + subject + "/day", null),
                404,
                "NOT_FOUND");
    }

    @Test
    void aBudgetSetThroughTheApiCutsOffTheCallerWithBudgetExceeded() {
        String[] carol = userWithKey("DEVELOPER");
        String subject = "user:" + carol[0];
        Map<String, String> asCarol = Map.of("Authorization", "Bearer " + carol[3]);
        var admitted = send("POST", "/api/v1/probe/ai-admit?tokens=10", "{}", asCarol);
        assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(204);

        var set =
                asAdmin(
                        "PUT",
                        "/api/v1/ai/budgets",
                        Map.of("subject", subject, "period", "month", "limit_usd", "0.5"));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        hubLedger.record(usage(carol[0], "gpt-4o", "0.5", Instant.now()));

        var refused = send("POST", "/api/v1/probe/ai-admit?tokens=10", "{}", asCarol);
        JsonNode error = assertError(refused, 429, "BUDGET_EXCEEDED");
        JsonNode details = exact(refused).get("details");
        assertThat(details.get("subject").asText()).isEqualTo(subject);
        assertThat(details.get("period").asText()).isEqualTo("month");
        assertThat(details.get("limit").decimalValue()).isEqualTo(new BigDecimal("0.5"));
        assertThat(details.get("spent").decimalValue()).isEqualTo(new BigDecimal("0.5"));
        assertThat(Instant.parse(details.get("resets_at").asText())).isAfter(Instant.now());
        assertThat(error.get("message").asText()).contains(subject);
        // her API key is cut off with her
        var viaKey =
                send(
                        "POST",
                        "/api/v1/probe/ai-admit?tokens=10",
                        "{}",
                        Map.of("X-API-Key", carol[2]));
        assertError(viaKey, 429, "BUDGET_EXCEEDED");

        JsonNode listed = exact(asAdmin("GET", "/api/v1/ai/budgets", null));
        for (JsonNode b : listed) {
            if (b.get("subject").asText().equals(subject)) {
                assertThat(b.get("spent_usd").decimalValue()).isEqualByComparingTo("0.5");
            }
        }
        assertThat(asAdmin("DELETE", "/api/v1/ai/budgets/" + subject + "/month", null).statusCode())
                .isEqualTo(204);
        assertThat(send("POST", "/api/v1/probe/ai-admit?tokens=10", "{}", asCarol).statusCode())
                .isEqualTo(204);
    }
}
