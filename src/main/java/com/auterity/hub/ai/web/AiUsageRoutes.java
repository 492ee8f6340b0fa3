package com.auterity.hub.ai.web;

import static com.auterity.hub.gateway.ApiRoutes.reply;
import static com.auterity.hub.gateway.ApiRoutes.secured;

import com.auterity.hub.ai.usage.AiBudgets;
import com.auterity.hub.ai.usage.AiBudgets.BudgetRequest;
import com.auterity.hub.ai.usage.AiBudgets.BudgetView;
import com.auterity.hub.ai.usage.UsageReports;
import com.auterity.hub.ai.usage.UsageReports.Report;
import com.auterity.hub.gateway.ApiRoutes;
import com.auterity.hub.gateway.Query;
import com.auterity.hub.security.CurrentUser;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code /api/v1/ai/usage} (reports: everyone's for an admin, one's own otherwise) and {@code
 * /api/v1/ai/budgets} (ADMIN: the budgets in force, set and removed at runtime).
 */
@Component
class AiUsageRoutes extends RouteBuilder {

    private final UsageReports reports;
    private final AiBudgets budgets;

    AiUsageRoutes(UsageReports reports, AiBudgets budgets) {
        this.reports = reports;
        this.budgets = budgets;
    }

    @Override
    public void configure() {
        secured(rest("/ai/usage"))
                .description("AI usage: requests, tokens and cost")
                .get()
                .id("rest-ai-usage-report")
                .description(
                        "Totals of requests, input and output tokens, cost (USD), cache hits and"
                                + " failures from {from} to {to} (UTC dates or instants; default"
                                + " this month), grouped by {group_by}: model, key, user or day."
                                + " An admin sees everyone's, others their own")
                .outType(Report.class)
                .to("direct:ai-usage-report");

        secured(rest("/ai/budgets"))
                .description("AI budgets per API key or user, per day or month, in USD (ADMIN)")
                .get()
                .id("rest-ai-budget-list")
                .description("The budgets in force, with what each subject spent this period")
                .outType(BudgetView[].class)
                .to("direct:ai-budget-list")
                .post()
                .id("rest-ai-budget-create")
                .description(
                        "Create the budget {subject, period, limit_usd} of a subject and period;"
                                + " 409 if the API set one already")
                .type(BudgetRequest.class)
                .outType(BudgetView.class)
                .to("direct:ai-budget-create")
                .put()
                .id("rest-ai-budget-put")
                .description("Set (create or replace) the budget of a subject and period")
                .type(BudgetRequest.class)
                .outType(BudgetView.class)
                .to("direct:ai-budget-put")
                .delete("/{subject}/{period}")
                .id("rest-ai-budget-delete")
                .description(
                        "Remove the budget the API set for a subject and period; one from the"
                                + " configuration applies again")
                .to("direct:ai-budget-delete");

        from("direct:ai-usage-report")
                .routeId("ai-usage-report")
                .routeDescription("Reports AI usage the caller may see")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(
                        e -> {
                            Query query = Query.of(e);
                            reply(
                                    e,
                                    200,
                                    reports.report(
                                            CurrentUser.of(e),
                                            query.get("from"),
                                            query.get("to"),
                                            query.get("group_by")));
                        });

        from("direct:ai-budget-list")
                .routeId("ai-budget-list")
                .routeDescription("Lists the AI budgets in force")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(e -> reply(e, 200, budgets.list()));

        from("direct:ai-budget-create")
                .routeId("ai-budget-create")
                .routeDescription("Creates an AI budget")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(
                        e ->
                                reply(
                                        e,
                                        201,
                                        budgets.create(
                                                e.getMessage().getBody(BudgetRequest.class),
                                                CurrentUser.nameOf(e))));

        from("direct:ai-budget-put")
                .routeId("ai-budget-put")
                .routeDescription("Sets an AI budget")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(
                        e ->
                                reply(
                                        e,
                                        200,
                                        budgets.put(
                                                e.getMessage().getBody(BudgetRequest.class),
                                                CurrentUser.nameOf(e))));

        from("direct:ai-budget-delete")
                .routeId("ai-budget-delete")
                .routeDescription("Removes an AI budget set through the API")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(
                        e -> {
                            budgets.delete(
                                    e.getMessage().getHeader("subject", String.class),
                                    e.getMessage().getHeader("period", String.class));
                            reply(e, 204, null);
                        });
    }
}
