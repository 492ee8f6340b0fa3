package com.auterity.hub.gateway.internal;

import com.auterity.hub.gateway.GatewayProperties;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpHeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * The ingress allow-list (STACK.md, "Known holes"): of the inbound HTTP headers and query
 * parameters, only those named in {@code hub.gateway.allowed-headers} become Camel message headers.
 * A client therefore cannot set {@code CamelHttpUri}, {@code kafka.OVERRIDE_TOPIC}, {@code
 * CamelSqlQuery} or any other header that steers a component. Routes read query parameters from the
 * raw query string, through {@link com.auterity.hub.gateway.Query}. Outbound, Camel's internal
 * headers are kept out of HTTP responses as usual.
 */
@Component("ingressHeaderFilterStrategy")
class IngressHeaderFilterStrategy extends HttpHeaderFilterStrategy {

    private final Set<String> allowed;

    IngressHeaderFilterStrategy(GatewayProperties properties) {
        this.allowed =
                properties.allowedHeaders().stream()
                        .map(h -> h.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet());
        // request headers that must not be echoed back in the response
        getOutFilter().add("accept");
        getOutFilter().add("x-request-id");
    }

    @Override
    public boolean applyFilterToExternalHeaders(
            String headerName, Object headerValue, Exchange exchange) {
        return !allowed.contains(headerName.toLowerCase(Locale.ROOT));
    }
}
