package com.auterity.hub.ai.usage;

import com.auterity.hub.ai.AiProperties;
import com.auterity.hub.ai.AiProperties.Budget;
import com.auterity.hub.ai.AiProperties.BudgetPeriod;
import com.auterity.hub.shared.ServiceError;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;

/** The budgets in force, with what their subjects spent; what {@code /api/v1/ai/budgets} does. */
public class AiBudgets {

    /** A budget to set: {@code {"subject", "period", "limit_usd"}}. */
    public record BudgetRequest(
            @NotNull
                    @Pattern(
                            regexp = AiProperties.SUBJECT,
                            message = "must be apikey:<key id>, user:<name> or *")
                    String subject,
            @NotNull @Pattern(regexp = "day|month", message = "must be day or month") String period,
            @JsonProperty("limit_usd")
                    @NotNull
                    @DecimalMin(value = "0", message = "must be 0 or more")
                    @Digits(
                            integer = 14,
                            fraction = 6,
                            message = "must have at most 14 digits and 6 decimals")
                    BigDecimal limitUsd) {}

    /**
     * A budget in force. {@code spent_usd} is what the subject spent in the current period (none
     * for the default {@code *}, which every key and user has on its own); {@code source} is {@code
     * config} or {@code api}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BudgetView(
            String subject,
            String period,
            @JsonSerialize(using = Dollars.Json.class) BigDecimal limitUsd,
            @JsonSerialize(using = Dollars.Json.class) BigDecimal spentUsd,
            Instant resetsAt,
            String source,
            Instant updatedAt,
            String updatedBy) {}

    private final BudgetBook book;
    private final Spending spending;
    private final Validator validator;

    AiBudgets(BudgetBook book, Spending spending, Validator validator) {
        this.book = book;
        this.spending = spending;
        this.validator = validator;
    }

    public List<BudgetView> list() {
        return book.all().stream().map(this::view).toList();
    }

    /** Sets (creates or replaces) the API's budget of a subject and period. */
    public BudgetView put(BudgetRequest request, String by) {
        Budget budget = valid(request);
        book.put(budget, by, spending.now());
        return view(budget);
    }

    /** Creates the API's budget of a subject and period; 409 if it has one already. */
    public BudgetView create(BudgetRequest request, String by) {
        Budget budget = valid(request);
        try {
            book.add(budget, by, spending.now());
        } catch (DuplicateKeyException e) {
            throw new ServiceError(
                    HttpStatus.CONFLICT,
                    "CONFLICT",
                    "A budget for this subject and period is set already; PUT replaces it",
                    Map.of("subject", budget.subject(), "period", request.period()));
        }
        return view(budget);
    }

    /**
     * Removes the API's budget of a subject and period (a budget of the configuration for them, if
     * any, applies again); 404 if the API set none.
     */
    public void delete(String subject, String period) {
        Budget budget = valid(new BudgetRequest(subject, period, BigDecimal.ZERO));
        if (!book.remove(budget.subject(), budget.period())) {
            throw ServiceError.notFound("Budget", subject + "/" + period);
        }
    }

    private BudgetView view(Budget budget) {
        return book.all().stream()
                .filter(
                        e ->
                                e.budget().subject().equals(budget.subject())
                                        && e.budget().period() == budget.period())
                .findFirst()
                .map(this::view)
                .orElseThrow();
    }

    private BudgetView view(BudgetBook.Entry entry) {
        Budget b = entry.budget();
        return new BudgetView(
                b.subject(),
                BudgetBook.name(b.period()),
                b.limitUsd(),
                b.subject().equals("*") ? null : spending.spent(b.subject(), b.period()),
                spending.resetsAt(b.period()),
                entry.fromApi() ? "api" : "config",
                entry.updatedAt(),
                entry.updatedBy());
    }

    private Budget valid(BudgetRequest request) {
        if (request == null) {
            throw ServiceError.badRequest("VALIDATION_FAILED", "A JSON body is required", null);
        }
        Set<ConstraintViolation<BudgetRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw ServiceError.badRequest(
                    "VALIDATION_FAILED",
                    "The request is invalid",
                    violations.stream()
                            .map(
                                    v ->
                                            Map.of(
                                                    "field",
                                                    snake(v.getPropertyPath().toString()),
                                                    "message",
                                                    v.getMessage()))
                            .sorted(Comparator.comparing(m -> m.get("field")))
                            .toList());
        }
        BudgetPeriod period = BudgetBook.period(request.period());
        return new Budget(request.subject(), period, request.limitUsd());
    }

    private static String snake(String field) {
        return field.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
