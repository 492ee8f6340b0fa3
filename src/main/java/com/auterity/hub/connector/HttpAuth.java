package com.auterity.hub.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Authenticates the requests of the REST connector: sets {@code Authorization} (basic, bearer,
 * OAuth2 client credentials) or an API key header. Made by Camel from the Kamelet's properties, so
 * the credentials stay out of endpoint URIs and route text. An OAuth2 token is fetched from the
 * token URL with the client's credentials (HTTP basic, as RFC 6749 prefers) and reused until 30
 * seconds before it expires.
 */
public class HttpAuth implements Processor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();

    private String authType = "none";
    private String username;
    private String password;
    private String token;
    private String keyHeaderName = "X-API-Key";
    private String apiKey;
    private String oauth2Url;
    private String clientId;
    private String clientSecret;
    private String scope;

    private String accessToken;
    private Instant accessTokenExpires = Instant.MIN;

    /** The header name and value that authenticate a request, or {@code null} for none. */
    public synchronized Map.Entry<String, String> header() throws IOException {
        return switch (authType == null ? "none" : authType) {
            case "none" -> null;
            case "basic" -> Map.entry("Authorization", basic(username, password));
            case "bearer" -> Map.entry("Authorization", "Bearer " + required(token, "token"));
            case "api-key" -> Map.entry(keyHeaderName, required(apiKey, "apiKey"));
            case "oauth2" -> Map.entry("Authorization", "Bearer " + oauth2Token());
            default -> throw new IllegalArgumentException("unknown authType '" + authType + "'");
        };
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Map.Entry<String, String> header = header();
        if (header != null) {
            exchange.getMessage().setHeader(header.getKey(), header.getValue());
        }
    }

    private String oauth2Token() throws IOException {
        if (accessToken != null && Instant.now().isBefore(accessTokenExpires)) {
            return accessToken;
        }
        String form =
                "grant_type=client_credentials"
                        + (scope == null || scope.isBlank()
                                ? ""
                                : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(required(oauth2Url, "oauth2Url")))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", clientBasic())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build();
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching an OAuth2 token", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(
                    "the OAuth2 token endpoint answered "
                            + response.statusCode()
                            + " to the client");
        }
        JsonNode answer = JSON.readTree(response.body());
        String fresh = answer.path("access_token").asText(null);
        if (fresh == null || fresh.isBlank()) {
            throw new IOException("the OAuth2 token endpoint answered without an access_token");
        }
        long lifetime = answer.path("expires_in").asLong(300);
        accessToken = fresh;
        accessTokenExpires = Instant.now().plusSeconds(Math.max(0, lifetime - 30));
        return accessToken;
    }

    /**
     * RFC 6749 2.3.1: the client id and secret are each form-urlencoded before they are joined with
     * ':' and base64-encoded, so that a ':' in the id cannot shift the split. Plain basic auth (RFC
     * 7617) sends them raw, which is why this is not done in {@link #basic}.
     */
    private String clientBasic() {
        return basic(
                formEncode(required(clientId, "clientId")),
                formEncode(clientSecret == null ? "" : clientSecret));
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String basic(String user, String secret) {
        String pair = required(user, "username or clientId") + ":" + (secret == null ? "" : secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the REST connector's '" + name + "' is not set");
        }
        return value;
    }

    public void setAuthType(String authType) {
        this.authType = authType;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public void setKeyHeaderName(String keyHeaderName) {
        this.keyHeaderName = keyHeaderName;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public void setOauth2Url(String oauth2Url) {
        this.oauth2Url = oauth2Url;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public void setScope(String scope) {
        this.scope = scope;
    }

    @Override
    public String toString() {
        return "HttpAuth[" + authType + "]";
    }
}
