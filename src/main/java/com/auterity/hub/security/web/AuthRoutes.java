package com.auterity.hub.security.web;

import static com.auterity.hub.gateway.ApiRoutes.reply;
import static com.auterity.hub.gateway.ApiRoutes.secured;

import com.auterity.hub.gateway.ApiRoutes;
import com.auterity.hub.security.CurrentUser;
import com.auterity.hub.security.internal.Accounts;
import com.auterity.hub.security.internal.Accounts.ApiKeyView;
import com.auterity.hub.security.internal.Accounts.CreatedApiKey;
import com.auterity.hub.security.internal.Accounts.NewApiKey;
import com.auterity.hub.security.internal.Accounts.NewUser;
import com.auterity.hub.security.internal.Accounts.TokenRequest;
import com.auterity.hub.security.internal.Accounts.TokenResponse;
import com.auterity.hub.security.internal.Accounts.UserView;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code /api/v1/auth} (tokens, API keys) and {@code /api/v1/users}. */
@Component
class AuthRoutes extends RouteBuilder {

    private final Accounts accounts;

    AuthRoutes(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void configure() {
        rest("/auth/token")
                .description("Authentication: access tokens")
                .post()
                .id("rest-auth-token")
                .description("Exchange a user name and password for a bearer token")
                .type(TokenRequest.class)
                .outType(TokenResponse.class)
                .to("direct:auth-token");

        secured(rest("/auth/api-keys"))
                .description("API keys")
                .post()
                .id("rest-api-key-create")
                .description("Create an API key; the key is shown in this answer only")
                .type(NewApiKey.class)
                .outType(CreatedApiKey.class)
                .to("direct:api-key-create")
                .get()
                .id("rest-api-key-list")
                .description("List API keys (an admin sees all, others their own), without secrets")
                .outType(ApiKeyView[].class)
                .to("direct:api-key-list")
                .delete("/{id}")
                .id("rest-api-key-revoke")
                .description("Revoke an API key")
                .to("direct:api-key-revoke");

        secured(rest("/users"))
                .description("User management (ADMIN)")
                .post()
                .id("rest-user-create")
                .description("Create a user")
                .type(NewUser.class)
                .outType(UserView.class)
                .to("direct:user-create")
                .get()
                .id("rest-user-list")
                .description("List users")
                .outType(UserView[].class)
                .to("direct:user-list");

        from("direct:auth-token")
                .routeId("auth-token")
                .routeDescription("Checks a password and issues an access token")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(
                        e ->
                                reply(
                                        e,
                                        200,
                                        accounts.issueToken(
                                                e.getMessage().getBody(TokenRequest.class))));

        from("direct:api-key-create")
                .routeId("api-key-create")
                .routeDescription("Creates an API key for the caller")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(
                        e ->
                                reply(
                                        e,
                                        201,
                                        accounts.createApiKey(
                                                e.getMessage().getBody(NewApiKey.class),
                                                CurrentUser.of(e))));

        from("direct:api-key-list")
                .routeId("api-key-list")
                .routeDescription("Lists the API keys the caller may see")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(e -> reply(e, 200, accounts.listApiKeys(CurrentUser.of(e))));

        from("direct:api-key-revoke")
                .routeId("api-key-revoke")
                .routeDescription("Revokes an API key")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(
                        e -> {
                            accounts.revokeApiKey(
                                    e.getMessage().getHeader("id", String.class),
                                    CurrentUser.of(e));
                            reply(e, 204, null);
                        });

        from("direct:user-create")
                .routeId("user-create")
                .routeDescription("Creates a user")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(
                        e ->
                                reply(
                                        e,
                                        201,
                                        accounts.createUser(
                                                e.getMessage().getBody(NewUser.class))));

        from("direct:user-list")
                .routeId("user-list")
                .routeDescription("Lists users")
                .routeConfigurationId(ApiRoutes.ERRORS)
                .process(e -> reply(e, 200, accounts.listUsers()));
    }
}
