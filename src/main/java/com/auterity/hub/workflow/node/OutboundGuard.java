package com.auterity.hub.workflow.node;

import com.auterity.hub.shared.OutboundPolicy;
import com.auterity.hub.workflow.WorkflowProperties;
import java.net.UnknownHostException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Checks, just before an http-request node connects, that its host is one the hub may call: the
 * {@link OutboundPolicy} of {@code hub.workflow.outbound}. It runs at each call, so a DNS name that
 * changes to an internal address is caught too (within the window between this check and the
 * connection).
 */
@Component(OutboundGuard.NAME)
class OutboundGuard implements Processor {

    static final String NAME = "hubOutboundGuard";

    /** Exchange property naming the host the node is about to call. */
    static final String HOST = "hubOutboundHost";

    private final OutboundPolicy policy;

    OutboundGuard(WorkflowProperties properties) {
        this.policy =
                new OutboundPolicy(properties.outbound().allow(), properties.outbound().deny());
    }

    @Override
    public void process(Exchange exchange) throws UnknownHostException {
        policy.check(exchange.getProperty(HOST, String.class));
    }
}
