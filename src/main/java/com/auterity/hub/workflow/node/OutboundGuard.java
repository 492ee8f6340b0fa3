package com.auterity.hub.workflow.node;

import com.auterity.hub.shared.ServiceError;
import com.auterity.hub.workflow.WorkflowProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks, just before an http-request node connects, that its host resolves only to addresses the
 * hub may call: loopback, link-local (where cloud metadata services live), unspecified and
 * multicast addresses are refused unless {@code hub.workflow.outbound.allow} names the host. It
 * runs at each call, so a DNS name that changes to an internal address is caught too (within the
 * window between this check and the connection).
 */
@Component(OutboundGuard.NAME)
class OutboundGuard implements Processor {

    static final String NAME = "hubOutboundGuard";

    /** Exchange property naming the host the node is about to call. */
    static final String HOST = "hubOutboundHost";

    private final Set<String> allow;
    private final Set<String> deny;

    OutboundGuard(WorkflowProperties properties) {
        this.allow = lower(properties.outbound().allow());
        this.deny = lower(properties.outbound().deny());
    }

    @Override
    public void process(Exchange exchange) throws UnknownHostException {
        String host = exchange.getProperty(HOST, String.class).toLowerCase(Locale.ROOT);
        if (deny.contains(host)) {
            throw refused(host, "it is on the deny list");
        }
        if (allow.contains(host)) {
            return;
        }
        for (InetAddress address : InetAddress.getAllByName(host)) {
            String literal = address.getHostAddress().toLowerCase(Locale.ROOT);
            if (deny.contains(literal)) {
                throw refused(host, "it resolves to " + literal + ", which is on the deny list");
            }
            if (!allow.contains(literal) && internal(address)) {
                throw refused(host, "it resolves to the internal address " + literal);
            }
        }
    }

    private static boolean internal(InetAddress address) {
        return address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()
                // the IPv6 form of the cloud metadata service (fd00:ec2::254)
                || address.getHostAddress().toLowerCase(Locale.ROOT).startsWith("fd00:ec2:");
    }

    private static ServiceError refused(String host, String why) {
        return new ServiceError(
                HttpStatus.FORBIDDEN,
                "OUTBOUND_REFUSED",
                "The hub may not call " + host + ": " + why);
    }

    private static Set<String> lower(java.util.List<String> hosts) {
        return hosts.stream()
                .map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }
}
