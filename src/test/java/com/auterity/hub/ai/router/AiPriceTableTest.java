package com.auterity.hub.ai.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.ai.ModelDeployment;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The default price table, a deployment's own prices, exact costs and Retry-After parsing. */
class AiPriceTableTest {

    private final PriceTable table = new PriceTable(new ObjectMapper());

    private static ModelDeployment model(String name, String in, String out) {
        return new ModelDeployment(
                "d",
                "g",
                "openai",
                "http://x/v1",
                name,
                null,
                in == null ? null : new BigDecimal(in),
                out == null ? null : new BigDecimal(out),
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void knownModelsGetTheTablesPricesByTheLongestMatchingName() {
        var mini = table.prices(model("gpt-4o-mini-2024-07-18", null, null));
        assertThat(mini.input()).isEqualByComparingTo("0.15");
        assertThat(mini.output()).isEqualByComparingTo("0.60");
        assertThat(mini.source()).isEqualTo("default-table");
        assertThat(table.prices(model("gpt-4o-2024-08-06", null, null)).input())
                .isEqualByComparingTo("2.50");
        assertThat(table.prices(model("claude-sonnet-4-5-20250929", null, null)).output())
                .isEqualByComparingTo("15");
        assertThat(table.prices(model("openai/text-embedding-3-small", null, null)).input())
                .isEqualByComparingTo("0.02");
        assertThat(table.prices(model("llama3.1:8b", null, null)).source()).isEqualTo("unknown");
    }

    @Test
    void aDeploymentsOwnPricesWin() {
        var own = table.prices(model("gpt-4o", "1.25", "5"));
        assertThat(own.input()).isEqualByComparingTo("1.25");
        assertThat(own.source()).isEqualTo("deployment");
        var half = table.prices(model("gpt-4o", null, "7"));
        assertThat(half.input()).isEqualByComparingTo("2.50");
        assertThat(half.output()).isEqualByComparingTo("7");
    }

    @Test
    void costsAreExact() {
        var prices = table.prices(model("gpt-4o-mini", null, null));
        // 1234 * 0.15 / 1e6 + 567 * 0.60 / 1e6 = 0.0001851 + 0.0003402
        assertThat(prices.cost(1234, 567)).isEqualByComparingTo("0.0005253");
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < 1000; i++) {
            sum = sum.add(prices.cost(1, 1));
        }
        assertThat(sum).isEqualByComparingTo(prices.cost(1000, 1000));
    }

    @Test
    void retryAfterInSecondsMillisecondsOrAsADate() {
        assertThat(ProviderHttp.retryAfter(null, "2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(ProviderHttp.retryAfter("1500", "2")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ProviderHttp.retryAfter(null, "Wed, 21 Oct 2015 07:28:00 GMT"))
                .isEqualTo(Duration.ZERO);
        assertThat(ProviderHttp.retryAfter(null, "soon")).isNull();
        assertThat(ProviderHttp.retryAfter(null, null)).isNull();
    }
}
