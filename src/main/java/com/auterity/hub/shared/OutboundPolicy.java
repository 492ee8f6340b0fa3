package com.auterity.hub.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/**
 * Which hosts the hub may call on a user's behalf (an http-request node, a queue subscription's
 * callback): a host that resolves to a loopback, link-local (where cloud metadata services live),
 * unspecified or multicast address is refused unless {@code allow} names it; {@code deny} refuses
 * more. Check at each call, so that a DNS name that changes to an internal address is caught too
 * (within the window between the check and the connection).
 */
public final class OutboundPolicy {

    private final Set<String> allow;
    private final Set<String> deny;

    public OutboundPolicy(Collection<String> allow, Collection<String> deny) {
        this.allow = lower(allow);
        this.deny = lower(deny);
    }

    /**
     * Returns when the hub may call {@code host}; throws {@link ServiceError} {@code
     * OUTBOUND_REFUSED} (403) when it may not, {@link UnknownHostException} when it does not
     * resolve.
     */
    public void check(String host) throws UnknownHostException {
        host = host.toLowerCase(Locale.ROOT);
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

    private static Set<String> lower(Collection<String> hosts) {
        return hosts.stream()
                .map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }
}
