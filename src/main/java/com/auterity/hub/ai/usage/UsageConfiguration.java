package com.auterity.hub.ai.usage;

import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.security.ApiKeyOwners;
import jakarta.validation.Validator;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The accounting's parts. Time comes from a {@link Clock} bean if the application has one (tests
 * move it across days and months), else the system's UTC clock.
 */
@Configuration(proxyBeanMethods = false)
class UsageConfiguration {

    @Bean
    UsageStore usageStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new UsageStore(jdbc, transactions);
    }

    @Bean
    Spending usageSpending(UsageStore store, ObjectProvider<Clock> clock) {
        return new Spending(store, clock(clock));
    }

    @Bean
    BudgetBook usageBudgetBook(JdbcTemplate jdbc, AiProperties ai) {
        return new BudgetBook(jdbc, ai.budgets());
    }

    @Bean
    AccountingLedger usageLedger(
            UsageStore store,
            BudgetBook budgets,
            Spending spending,
            ApiKeyOwners owners,
            AiProperties ai,
            ObjectProvider<Clock> clock) {
        return new AccountingLedger(
                store,
                budgets,
                spending,
                new RateLimiter(ai.rateLimits(), clock(clock)),
                owners,
                ai.accounting(),
                clock(clock));
    }

    @Bean
    AiBudgets aiBudgets(BudgetBook budgets, Spending spending, Validator validator) {
        return new AiBudgets(budgets, spending, validator);
    }

    @Bean
    UsageReports usageReports(UsageStore store, ObjectProvider<Clock> clock) {
        return new UsageReports(store, clock(clock));
    }

    private static Clock clock(ObjectProvider<Clock> clock) {
        return clock.getIfAvailable(Clock::systemUTC);
    }
}
