package com.auterity.hub.ai.router;

import com.auterity.hub.ai.ModelDeployment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The shipped default prices ({@code classpath:ai/default-prices.json}, US dollars per million
 * tokens) and the exact cost of a request. A deployment's own prices win; a model matches its name,
 * else the longest name in the table that begins it.
 */
@Component
class PriceTable {

    static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** Effective prices of a deployment and where they come from. */
    record Prices(BigDecimal input, BigDecimal output, String source) {

        /** input * inPrice / 1e6 + output * outPrice / 1e6, exact. */
        BigDecimal cost(long inputTokens, long outputTokens) {
            return input.multiply(BigDecimal.valueOf(inputTokens))
                    .add(output.multiply(BigDecimal.valueOf(outputTokens)))
                    .divide(MILLION)
                    .stripTrailingZeros();
        }
    }

    private record Price(BigDecimal input, BigDecimal output) {}

    private final Map<String, Price> table = new TreeMap<>();

    PriceTable(ObjectMapper json) {
        try (InputStream in = PriceTable.class.getResourceAsStream("/ai/default-prices.json")) {
            JsonNode models = json.readTree(in).path("models");
            models.fields()
                    .forEachRemaining(
                            e ->
                                    table.put(
                                            e.getKey(),
                                            new Price(
                                                    new BigDecimal(
                                                            e.getValue().path("input").asText()),
                                                    new BigDecimal(
                                                            e.getValue()
                                                                    .path("output")
                                                                    .asText()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Prices prices(ModelDeployment deployment) {
        Price known = lookup(deployment.model());
        if (deployment.inputPrice() != null && deployment.outputPrice() != null) {
            return new Prices(deployment.inputPrice(), deployment.outputPrice(), "deployment");
        }
        if (known == null) {
            return new Prices(
                    deployment.inputPrice() == null ? BigDecimal.ZERO : deployment.inputPrice(),
                    deployment.outputPrice() == null ? BigDecimal.ZERO : deployment.outputPrice(),
                    deployment.inputPrice() == null && deployment.outputPrice() == null
                            ? "unknown"
                            : "deployment");
        }
        return new Prices(
                deployment.inputPrice() == null ? known.input() : deployment.inputPrice(),
                deployment.outputPrice() == null ? known.output() : deployment.outputPrice(),
                deployment.inputPrice() == null && deployment.outputPrice() == null
                        ? "default-table"
                        : "deployment");
    }

    private Price lookup(String model) {
        if (model == null) {
            return null;
        }
        String name = model.toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            name = name.substring(slash + 1); // openai/gpt-4o, azure/..., ollama's library names
        }
        Price exact = table.get(name);
        if (exact != null) {
            return exact;
        }
        String best = null;
        for (String known : table.keySet()) {
            if (name.startsWith(known + "-") && (best == null || known.length() > best.length())) {
                best = known;
            }
        }
        return best == null ? null : table.get(best);
    }
}
