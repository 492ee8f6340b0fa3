package com.auterity.hub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auterity.hub.support.RecordingHttpServer;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST connector's OAuth2 client credentials against a fake token endpoint. */
class HttpAuthTest {

    private static RecordingHttpServer tokens;

    @BeforeAll
    static void start() {
        tokens = RecordingHttpServer.start();
    }

    @AfterAll
    static void stop() {
        tokens.close();
    }

    private static HttpAuth oauth2(String path) {
        HttpAuth auth = new HttpAuth();
        auth.setAuthType("oauth2");
        auth.setOauth2Url("http://127.0.0.1:" + tokens.port() + path);
        auth.setClientId("hub-client");
        auth.setClientSecret("s3cret");
        auth.setScope("orders:read orders:write");
        return auth;
    }

    @Test
    void aTokenIsFetchedWithTheClientsCredentialsAndReusedUntilItExpires() throws IOException {
        tokens.answer(
                "/token",
                200,
                "application/json",
                "{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        HttpAuth auth = oauth2("/token");

        Map.Entry<String, String> first = auth.header();
        Map.Entry<String, String> second = auth.header();

        assertThat(first).isEqualTo(Map.entry("Authorization", "Bearer tok-1"));
        assertThat(second).isEqualTo(first);
        assertThat(tokens.requests("/token"))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.method()).isEqualTo("POST");
                            assertThat(r.header("Authorization"))
                                    .isEqualTo(
                                            "Basic "
                                                    + Base64.getEncoder()
                                                            .encodeToString(
                                                                    "hub-client:s3cret"
                                                                            .getBytes(
                                                                                    StandardCharsets
                                                                                            .UTF_8)));
                            assertThat(r.header("Content-Type"))
                                    .startsWith("application/x-www-form-urlencoded");
                            assertThat(r.body())
                                    .isEqualTo(
                                            "grant_type=client_credentials&scope=orders%3Aread+orders%3Awrite");
                        });
    }

    @Test
    void aTokenAboutToExpireIsFetchedAgain() throws IOException {
        // a lifetime within the 30 s safety margin is never reused
        tokens.answer(
                "/short",
                200,
                "application/json",
                "{\"access_token\":\"tok-2\",\"expires_in\":20}");
        HttpAuth auth = oauth2("/short");

        auth.header();
        auth.header();

        assertThat(tokens.requests("/short")).hasSize(2);
    }

    @Test
    void aRefusedClientGetsAClearErrorWithoutTheSecret() {
        tokens.answer("/refused", 401, "application/json", "{\"error\":\"invalid_client\"}");
        HttpAuth auth = oauth2("/refused");

        assertThatThrownBy(auth::header)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("answered 401")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void anAnswerWithoutAnAccessTokenIsAnError() {
        tokens.answer("/empty", 200, "application/json", "{\"token_type\":\"Bearer\"}");

        assertThatThrownBy(oauth2("/empty")::header)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("without an access_token");
    }

    @Test
    void clientCredentialsAreFormEncodedBeforeBase64AsRfc6749Asks() throws IOException {
        String clientId = "hub:client+1 %41";
        String clientSecret = "p%2Fa ss:w+rd:%";
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // the way an authorization server reads the header (RFC 6749 2.3.1): split at the first
        // ':' of the decoded pair, then form-decode each half
        server.createContext(
                "/token",
                exchange -> {
                    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                    boolean accepted = false;
                    if (authorization != null && authorization.startsWith("Basic ")) {
                        String pair =
                                new String(
                                        Base64.getDecoder().decode(authorization.substring(6)),
                                        StandardCharsets.UTF_8);
                        int colon = pair.indexOf(':');
                        accepted =
                                colon > 0
                                        && URLDecoder.decode(
                                                        pair.substring(0, colon),
                                                        StandardCharsets.UTF_8)
                                                .equals(clientId)
                                        && URLDecoder.decode(
                                                        pair.substring(colon + 1),
                                                        StandardCharsets.UTF_8)
                                                .equals(clientSecret);
                    }
                    byte[] body =
                            (accepted
                                            ? "{\"access_token\":\"tok-enc\",\"expires_in\":3600}"
                                            : "{\"error\":\"invalid_client\"}")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(accepted ? 200 : 401, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        try {
            HttpAuth auth = new HttpAuth();
            auth.setAuthType("oauth2");
            auth.setOauth2Url("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
            auth.setClientId(clientId);
            auth.setClientSecret(clientSecret);

            assertThat(auth.header()).isEqualTo(Map.entry("Authorization", "Bearer tok-enc"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void plainBasicAuthSendsTheCredentialsUnencoded() throws IOException {
        // RFC 7617 has no form-encoding step: only the OAuth2 client's credentials get it
        HttpAuth auth = new HttpAuth();
        auth.setAuthType("basic");
        auth.setUsername("dana+ops");
        auth.setPassword("a b%c");

        assertThat(auth.header().getValue())
                .isEqualTo(
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                "dana+ops:a b%c".getBytes(StandardCharsets.UTF_8)));
    }
}
