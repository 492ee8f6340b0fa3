package com.auterity.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The API's contract for authentication, users, API keys and bad input, written once and run on
 * each database the hub supports (see the subclasses).
 */
public abstract class ApiContract extends HubIntegrationTest {

    @Autowired JdbcTemplate jdbc;

    private HttpResponse<String> withToken(String method, String path, Object body, String token) {
        return send(method, path, body, Map.of("Authorization", "Bearer " + token));
    }

    // --- tokens ---------------------------------------------------------------------------

    @Autowired private ApplicationContext context;

    /** No filter in front of the security chain looks up Spring MVC's handler of each request. */
    @Test
    void theSecurityChainIsNotWrappedInAHandlerLookup() {
        // Spring Security's wrapper that looks the handler up is WebMvcSecurityConfiguration's
        assertThat(context.getBean("springSecurityFilterChain").getClass().getName())
                .doesNotContain("WebMvcSecurityConfiguration");
    }

    /**
     * The security headers are on the answers of Camel routes too, which answer from a thread of
     * their own (the headers are written before the route runs, see SecurityConfiguration).
     */
    @Test
    void securityHeadersAreOnTheAnswersOfRoutesAndRefusals() {
        var routes = asAdmin("GET", "/api/v1/routes", null);
        var refused = send("GET", "/api/v1/routes", null, Map.of());
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(401);
        for (var answer : List.of(routes, refused)) {
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
            assertThat(answer.headers().firstValue("Cache-Control")).isPresent();
        }
    }

    @Test
    void passwordIsExchangedForABearerToken() {
        var response =
                send(
                        "POST",
                        "/api/v1/auth/token",
                        Map.of("username", "admin", "password", adminPassword()),
                        Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode token = body(response);
        assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(
                        withToken("GET", "/api/v1/routes", null, token.get("access_token").asText())
                                .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        var wrongPassword =
                send(
                        "POST",
                        "/api/v1/auth/token",
                        Map.of("username", "admin", "password", "not-it"),
                        Map.of());
        var unknownUser =
                send(
                        "POST",
                        "/api/v1/auth/token",
                        Map.of("username", "nobody-here", "password", "not-it"),
                        Map.of());

        JsonNode first = assertError(wrongPassword, 401, "INVALID_CREDENTIALS");
        JsonNode second = assertError(unknownUser, 401, "INVALID_CREDENTIALS");
        assertThat(first.get("message")).isEqualTo(second.get("message"));
    }

    @Test
    void repeatedFailedLoginsAreThrottled() {
        String name = unique("guess");
        for (int i = 0; i < 10; i++) {
            assertError(
                    send(
                            "POST",
                            "/api/v1/auth/token",
                            Map.of("username", name, "password", "guess-" + i),
                            Map.of()),
                    401,
                    "INVALID_CREDENTIALS");
        }
        var throttled =
                send(
                        "POST",
                        "/api/v1/auth/token",
                        Map.of("username", name, "password", "guess-x"),
                        Map.of());

        assertError(throttled, 429, "RATE_LIMITED");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("300");
    }

    @Test
    void aRequestWithoutCredentialsIsRefused() {
        var response = send("GET", "/api/v1/routes", null, Map.of());

        assertError(response, 401, "UNAUTHENTICATED");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void aTamperedTokenIsRefused() {
        String viewer = tokenOfNewUser("VIEWER");
        String[] parts = viewer.split("\\.");
        String forgedClaims =
                java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                new String(
                                                java.util.Base64.getUrlDecoder().decode(parts[1]),
                                                StandardCharsets.UTF_8)
                                        .replace("VIEWER", "ADMIN")
                                        .getBytes(StandardCharsets.UTF_8));
        String forged = parts[0] + "." + forgedClaims + "." + parts[2];

        assertError(withToken("GET", "/api/v1/users", null, forged), 401, "INVALID_TOKEN");
        assertError(withToken("GET", "/api/v1/routes", null, viewer + "x"), 401, "INVALID_TOKEN");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        String expired = sign("admin", twoHoursAgo, twoHoursAgo.plus(Duration.ofHours(1)));
        String valid = sign("admin", Instant.now(), Instant.now().plus(Duration.ofHours(1)));

        assertError(withToken("GET", "/api/v1/routes", null, expired), 401, "INVALID_TOKEN");
        assertThat(withToken("GET", "/api/v1/routes", null, valid).statusCode()).isEqualTo(200);
    }

    /** A token signed with the hub's own key (from the data dir), as the hub would sign it. */
    private String sign(String subject, Instant issued, Instant expires)
            throws IOException, JOSEException {
        byte[] key =
                Files.readString(hub.dataDir().resolve("jwt-signing.key"))
                        .strip()
                        .getBytes(StandardCharsets.UTF_8);
        var claims =
                new JWTClaimsSet.Builder()
                        .issuer("auterity-hub")
                        .subject(subject)
                        .claim("roles", List.of("ADMIN"))
                        .issueTime(Date.from(issued))
                        .expirationTime(Date.from(expires))
                        .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    // --- users and roles ------------------------------------------------------------------

    @Test
    void anAdminCreatesAUserWhosePasswordIsStoredHashed() {
        String name = unique("dev");
        var created =
                asAdmin(
                        "POST",
                        "/api/v1/users",
                        Map.of(
                                "username",
                                name,
                                "password",
                                "a long enough secret",
                                "roles",
                                List.of("DEVELOPER")));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(body(created).get("roles").toString()).isEqualTo("[\"DEVELOPER\"]");
        assertThat(created.body())
                .doesNotContain("a long enough secret")
                .doesNotContain("password");
        String stored =
                jdbc.queryForObject(
                        "SELECT password_hash FROM users WHERE username = ?", String.class, name);
        assertThat(stored).startsWith("$2").doesNotContain("a long enough secret");
        assertThat(login(name, "a long enough secret")).isNotBlank();
    }

    @Test
    void aUserNameIsTakenOnce() {
        String name = unique("twin");
        Map<String, Object> user =
                Map.of(
                        "username",
                        name,
                        "password",
                        "a long enough secret",
                        "roles",
                        List.of("VIEWER"));
        assertThat(asAdmin("POST", "/api/v1/users", user).statusCode()).isEqualTo(201);

        assertError(asAdmin("POST", "/api/v1/users", user), 409, "USER_EXISTS");
    }

    @Test
    void anInvalidUserIsRefusedWithEveryProblemAndNothingIsCreated() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/users",
                        Map.of("username", "x", "password", "short", "roles", List.of()));

        JsonNode error = assertError(response, 400, "VALIDATION_FAILED");
        assertThat(error.get("details").findValuesAsText("field"))
                .containsExactly("password", "roles", "username");
        assertThat(
                        jdbc.queryForObject(
                                "SELECT COUNT(*) FROM users WHERE username = 'x'", Integer.class))
                .isZero();
    }

    @Test
    void anUnknownRoleIsRefused() {
        var response =
                asAdmin(
                        "POST",
                        "/api/v1/users",
                        Map.of(
                                "username",
                                unique("r"),
                                "password",
                                "a long enough secret",
                                "roles",
                                List.of("ROOT")));

        assertError(response, 400, "MALFORMED_JSON");
    }

    @Test
    void aRoleWithoutTheRightGetsForbidden() {
        String viewer = tokenOfNewUser("VIEWER");

        assertThat(withToken("GET", "/api/v1/routes", null, viewer).statusCode()).isEqualTo(200);
        assertError(
                withToken(
                        "POST",
                        "/api/v1/users",
                        Map.of(
                                "username",
                                unique("m"),
                                "password",
                                "a long enough secret",
                                "roles",
                                List.of("ADMIN")),
                        viewer),
                403,
                "FORBIDDEN");
        assertError(withToken("GET", "/api/v1/users", null, viewer), 403, "FORBIDDEN");
    }

    // --- API keys -------------------------------------------------------------------------

    @Test
    void anApiKeyIsShownOnceStoredAsAHashUsableAndRevocable() throws Exception {
        String developer = tokenOfNewUser("DEVELOPER");
        var created =
                withToken(
                        "POST",
                        "/api/v1/auth/api-keys",
                        Map.of("name", "ci", "roles", List.of("VIEWER")),
                        developer);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = body(created).get("key").asText();
        String id = body(created).get("id").asText();

        String sha256 =
                HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("SHA-256")
                                        .digest(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(
                        jdbc.queryForObject(
                                "SELECT key_hash FROM api_keys WHERE id = ?", String.class, id))
                .isEqualTo(sha256);
        var listed = withToken("GET", "/api/v1/auth/api-keys", null, developer);
        assertThat(listed.body()).contains(id).doesNotContain(key).doesNotContain("\"key\"");

        var withKey = send("GET", "/api/v1/routes", null, Map.of("X-API-Key", key));
        assertThat(withKey.statusCode()).isEqualTo(200);
        assertError(
                send(
                        "POST",
                        "/api/v1/users",
                        Map.of(
                                "username",
                                "zz",
                                "password",
                                "whatever-long",
                                "roles",
                                List.of("ADMIN")),
                        Map.of("X-API-Key", key)),
                403,
                "FORBIDDEN");

        assertThat(withToken("DELETE", "/api/v1/auth/api-keys/" + id, null, developer).statusCode())
                .isEqualTo(204);
        assertError(
                send("GET", "/api/v1/routes", null, Map.of("X-API-Key", key)),
                401,
                "INVALID_API_KEY");
    }

    @Test
    void anUnknownApiKeyIsRefused() {
        assertError(
                send("GET", "/api/v1/routes", null, Map.of("X-API-Key", "ahk_made-up")),
                401,
                "INVALID_API_KEY");
    }

    @Test
    void anApiKeyCannotHoldMoreThanItsCreator() {
        String viewer = tokenOfNewUser("VIEWER");

        assertError(
                withToken(
                        "POST",
                        "/api/v1/auth/api-keys",
                        Map.of("name", "escalate", "roles", List.of("ADMIN")),
                        viewer),
                403,
                "FORBIDDEN");
    }

    @Test
    void onlyTheOwnerOrAnAdminRevokesAKey() {
        String owner = tokenOfNewUser("DEVELOPER");
        String other = tokenOfNewUser("DEVELOPER");
        var created =
                withToken(
                        "POST",
                        "/api/v1/auth/api-keys",
                        Map.of("name", "mine", "roles", List.of("VIEWER")),
                        owner);
        String id = body(created).get("id").asText();

        assertError(
                withToken("DELETE", "/api/v1/auth/api-keys/" + id, null, other), 404, "NOT_FOUND");
        assertThat(asAdmin("DELETE", "/api/v1/auth/api-keys/" + id, null).statusCode())
                .isEqualTo(204);
    }

    // --- bad input ------------------------------------------------------------------------

    @Test
    void malformedJsonIsA400() {
        assertError(
                send("POST", "/api/v1/auth/token", "{\"username\": ", Map.of()),
                400,
                "MALFORMED_JSON");
    }

    @Test
    void anUnknownFieldIsA400NamingIt() {
        var response =
                send(
                        "POST",
                        "/api/v1/auth/token",
                        Map.of("username", "a", "password", "b", "admin", true),
                        Map.of());

        assertThat(assertError(response, 400, "UNKNOWN_FIELD").get("details").get("field").asText())
                .isEqualTo("admin");
    }

    @Test
    void aMissingFieldIsA400() {
        assertError(
                send("POST", "/api/v1/auth/token", Map.of("username", "admin"), Map.of()),
                400,
                "VALIDATION_FAILED");
    }

    @Test
    void aWrongContentTypeIsA415() {
        assertError(
                send(
                        "POST",
                        "/api/v1/auth/token",
                        "username=admin",
                        Map.of("Content-Type", "application/x-www-form-urlencoded")),
                415,
                "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void anOversizedBodyIsA413WithOrWithoutALength() {
        String big = "{\"username\":\"" + "a".repeat(1_100_000) + "\",\"password\":\"x\"}";
        assertError(send("POST", "/api/v1/auth/token", big, Map.of()), 413, "PAYLOAD_TOO_LARGE");

        var chunked =
                HttpRequest.newBuilder(uri("/api/v1/auth/token"))
                        .header("Content-Type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofInputStream(
                                        () ->
                                                new ByteArrayInputStream(
                                                        big.getBytes(StandardCharsets.UTF_8))))
                        .build();
        assertError(send(chunked), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void anUnknownPathIsA404AndAnUnsupportedMethodA405() {
        assertError(asAdmin("GET", "/api/v1/no-such-thing", null), 404, "NOT_FOUND");
        assertError(asAdmin("PUT", "/api/v1/routes", Map.of()), 405, "METHOD_NOT_ALLOWED");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/auth/api-keys/..%2F..%2Fetc%2Fpasswd",
                "/api/v1/auth/api-keys/%2e%2e%2f%2e%2e%2fusers",
                "/api/v1/auth/api-keys/..;/..;/users",
                "/api/v1/auth/api-keys/%252e%252e%252fetc",
                "/api/v1/auth/api-keys/not-an-id"
            })
    void aPathTraversalInAPathParameterIsA400(String path) {
        JsonNode error = body(asAdmin("DELETE", path, null));
        assertThat(asAdmin("DELETE", path, null).statusCode()).isEqualTo(400);
        assertThat(error.get("code").asText()).isIn("INVALID_PATH", "INVALID_ID", "BAD_REQUEST");
    }

    @Test
    void anUnknownIdIsA404() {
        assertError(
                asAdmin("DELETE", "/api/v1/auth/api-keys/" + UUID.randomUUID(), null),
                404,
                "NOT_FOUND");
    }

    @Test
    void anUnexpectedFailureIsA500ThatRevealsNothing() {
        var response = asAdmin("GET", "/api/v1/probe/fail", null);

        assertError(response, 500, "INTERNAL_ERROR");
        assertThat(response.body())
                .doesNotContain("secret internal detail")
                .doesNotContain("IllegalState");
    }

    @Test
    void theCorrelationIdIsTheClientsOrANewOne() {
        var echoed = send("GET", "/api/v1/routes", null, Map.of("X-Request-Id", "trace-42"));
        assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("trace-42");
        assertThat(body(echoed).get("correlation_id").asText()).isEqualTo("trace-42");

        var replaced =
                send("GET", "/api/v1/routes", null, Map.of("X-Request-Id", "bad id <script>"));
        String fresh = replaced.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(fresh).isNotEqualTo("bad id <script>");
        assertThat(body(replaced).get("correlation_id").asText()).isEqualTo(fresh);
    }
}
