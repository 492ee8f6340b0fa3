package com.auterity.hub.workflow;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the workflow engine ({@code hub.workflow}).
 *
 * @param workers executions run at the same time ({@code WORKFLOW_ENGINE_WORKERS})
 * @param outbound where http-request nodes may connect
 * @param drainTimeout how long an update or delete of a workflow waits for its running executions
 *     to end on the version they started with; after that it is refused (409 WORKFLOW_BUSY)
 * @param branchThreads threads shared by the concurrent branches of parallel nodes and the parallel
 *     iterations of loop nodes, across all executions; when all are busy, a branch runs on the
 *     thread that starts it
 * @param journal where the records of executions that ran while their caller waited (webhooks
 *     answered with the result) are written before the caller is answered
 */
@Validated
@ConfigurationProperties("hub.workflow")
public record WorkflowProperties(
        @DefaultValue("4") @Positive int workers,
        @DefaultValue Outbound outbound,
        @DefaultValue("30s") Duration drainTimeout,
        @DefaultValue("16") @Positive int branchThreads,
        @DefaultValue Journal journal) {

    /**
     * The record journal: an append-only file in {@code hub.data-dir}/journal that takes the
     * records of executions whose caller waits, moved to the database in batches afterwards.
     *
     * @param enabled on or off; unset, it is on with the embedded H2 database and off with an
     *     external one (whose records must not depend on one instance's disk)
     * @param flushInterval how long records stay in the journal at most before they are moved to
     *     the database (a read of executions moves them at once); short, so that the database's
     *     work comes in small steps between requests rather than in bursts that delay them
     */
    public record Journal(Boolean enabled, @DefaultValue("10ms") Duration flushInterval) {}

    /**
     * The outbound address policy of http-request nodes. Loopback, link-local (cloud metadata
     * included), unspecified and multicast addresses are refused unless allowed here.
     *
     * @param allow hosts or IP literals that may be called even though they are refused by default
     *     (e.g. {@code 127.0.0.1} for a service beside the hub)
     * @param deny hosts or IP literals refused in addition
     */
    public record Outbound(@DefaultValue List<String> allow, @DefaultValue List<String> deny) {}
}
