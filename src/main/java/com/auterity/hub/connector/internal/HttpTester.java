package com.auterity.hub.connector.internal;

import com.auterity.hub.connector.HttpAuth;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A GET of the target with the connection's authentication. Any answer passes but 401, 403 and 407
 * (the credentials were refused) and 5xx (the service is broken): an API's base path may well
 * answer 404 or 405 while the API works.
 */
@Component
class HttpTester implements ConnectionTester {

    @Override
    public List<String> schemes() {
        return List.of("http", "https");
    }

    @Override
    public void test(String target, Map<String, String> values, Duration timeout)
            throws IOException, InterruptedException {
        HttpAuth auth = new HttpAuth();
        auth.setAuthType(values.getOrDefault("authType", "none"));
        auth.setUsername(values.get("username"));
        auth.setPassword(values.get("password"));
        auth.setToken(values.get("token"));
        auth.setKeyHeaderName(values.getOrDefault("keyHeaderName", "X-API-Key"));
        auth.setApiKey(values.get("apiKey"));
        auth.setOauth2Url(values.get("oauth2Url"));
        auth.setClientId(values.get("clientId"));
        auth.setClientSecret(values.get("clientSecret"));
        auth.setScope(values.get("scope"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(timeout);
        Map.Entry<String, String> header = auth.header();
        if (header != null) {
            request.header(header.getKey(), header.getValue());
        }
        HttpClient client =
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        int status =
                client.send(request.GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
        if (status == 401 || status == 403 || status == 407) {
            throw new IOException("the service refused the credentials (HTTP " + status + ")");
        }
        if (status >= 500) {
            throw new IOException("the service answered HTTP " + status);
        }
    }
}
