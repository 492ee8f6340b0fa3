package com.auterity.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.auterity.hub.support.HubIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * STACK.md "Known holes": inbound HTTP headers and query parameters must never steer a Camel
 * component. Only the allow-list reaches a route.
 */
class IngressHeadersIntegrationTest extends HubIntegrationTest {

    private static final Map<String, String> HOSTILE =
            Map.of(
                    "CamelHttpUri", "http://169.254.169.254/latest/meta-data",
                    "camelhttpuri", "http://127.0.0.1:1/evil",
                    "kafka.OVERRIDE_TOPIC", "attacker-topic",
                    "CamelSqlQuery", "DROP TABLE users",
                    "CamelBeanMethodName", "hijacked",
                    "X-Custom", "not on the allow-list");

    private JsonNode probe(String path, Map<String, String> extra) {
        var headers = new java.util.HashMap<>(HOSTILE);
        headers.putAll(extra);
        headers.put("Authorization", "Bearer " + adminToken());
        var response = send("POST", path, "{}", headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    /** Header names are case-insensitive, in HTTP and in Camel alike. */
    private static String value(JsonNode headers, String name) {
        for (var it = headers.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.equalsIgnoreCase(name)) {
                return headers.get(field).asText();
            }
        }
        return null;
    }

    private static boolean has(JsonNode headers, String name) {
        return value(headers, name) != null;
    }

    @Test
    void hostileHeadersNeverReachARoute() {
        JsonNode seen = probe("/api/v1/probe/headers", Map.of("X-Request-Id", "allowed-1"));

        assertThat(has(seen, "kafka.OVERRIDE_TOPIC")).isFalse();
        assertThat(has(seen, "CamelSqlQuery")).isFalse();
        assertThat(has(seen, "CamelBeanMethodName")).isFalse();
        assertThat(has(seen, "X-Custom")).isFalse();
        assertThat(has(seen, "Authorization")).as("credentials stay out of routes").isFalse();
        // Camel sets its own CamelHttpUri from the real request; the client's value is gone
        assertThat(value(seen, "CamelHttpUri")).isEqualTo("/api/v1/probe/headers");
        assertThat(seen.toString())
                .doesNotContain("169.254.169.254")
                .doesNotContain("evil")
                .doesNotContain("attacker");
        assertThat(value(seen, "X-Request-Id")).as(seen.toString()).isEqualTo("allowed-1");
    }

    @Test
    void hostileQueryParametersNeverBecomeHeaders() {
        JsonNode seen =
                probe(
                        "/api/v1/probe/headers?CamelSqlQuery=DROP%20TABLE%20users&kafka.OVERRIDE_TOPIC=x&CamelBeanMethodName=hijacked",
                        Map.of());

        assertThat(has(seen, "CamelSqlQuery")).isFalse();
        assertThat(has(seen, "kafka.OVERRIDE_TOPIC")).isFalse();
        assertThat(has(seen, "CamelBeanMethodName")).isFalse();
    }

    @Test
    void aHeaderCannotChooseTheBeanMethodARouteCalls() {
        JsonNode answer = probe("/api/v1/probe/bean", Map.of());

        assertThat(answer.get("method").asText()).isEqualTo("expected");
    }
}
