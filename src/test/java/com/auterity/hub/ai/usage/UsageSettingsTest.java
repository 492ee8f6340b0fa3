package com.auterity.hub.ai.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.ai.AiProperties.BudgetPeriod;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The accounting settings bind from properties as documented, and bad ones are caught. */
class UsageSettingsTest {

    private static AiProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("hub.ai", AiProperties.class);
    }

    @Test
    void defaultsHaveNoBudgetsAndNoRateLimits() {
        AiProperties ai = bind(Map.of());

        assertThat(ai.budgets()).isEmpty();
        assertThat(ai.rateLimits().requestsPerMinute()).isZero();
        assertThat(ai.rateLimits().tokensPerMinute()).isZero();
        assertThat(ai.rateLimits().overrides()).isEmpty();
        assertThat(ai.accounting().queueCapacity()).isEqualTo(10_000);
        assertThat(ai.accounting().batchSize()).isEqualTo(500);
    }

    @Test
    void budgetsAndOverridesBindWithTheirDocumentedNames() {
        AiProperties ai =
                bind(
                        Map.of(
                                "hub.ai.budgets[0].subject", "*",
                                "hub.ai.budgets[0].period", "month",
                                "hub.ai.budgets[0].limit-usd", "100",
                                "hub.ai.budgets[1].subject", "user:dana",
                                "hub.ai.budgets[1].period", "day",
                                "hub.ai.budgets[1].limit_usd", "2.50",
                                "hub.ai.rate-limits.requests-per-minute", "60",
                                "hub.ai.rate-limits.overrides[0].subject", "apikey:abc",
                                "hub.ai.rate-limits.overrides[0].tokens-per-minute", "5000"));

        assertThat(ai.budgets()).hasSize(2);
        assertThat(ai.budgets().get(0).period()).isEqualTo(BudgetPeriod.MONTH);
        assertThat(ai.budgets().get(1).limitUsd()).isEqualTo(new BigDecimal("2.50"));
        assertThat(ai.rateLimits().requestsPerMinute()).isEqualTo(60);
        assertThat(ai.rateLimits().overrides().get(0).tokensPerMinute()).isEqualTo(5000);
        assertThat(ai.rateLimits().overrides().get(0).requestsPerMinute()).isNull();
    }

    @Test
    void aBudgetWithAnUnknownSubjectOrANegativeLimitIsInvalid() {
        AiProperties ai =
                bind(
                        Map.of(
                                "hub.ai.budgets[0].subject", "dana",
                                "hub.ai.budgets[0].period", "day",
                                "hub.ai.budgets[0].limit-usd", "-1"));
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

        assertThat(validator.validate(ai))
                .extracting(v -> v.getPropertyPath().toString())
                .containsExactlyInAnyOrder("budgets[0].subject", "budgets[0].limitUsd");
    }
}
