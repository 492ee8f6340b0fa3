package com.auterity.hub.connector.internal;

import com.auterity.hub.connector.ConnectionChanged;
import com.auterity.hub.workflow.Workflow;
import com.auterity.hub.workflow.WorkflowManagement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes a changed connection reach the workflows that use it. A connector node compiles to {@code
 * kamelet:<name>?...&password={{connection:<connection>/password}}}, and Camel resolves that
 * placeholder, and builds the Kamelet's pools and clients from it, when it creates the route: at
 * the workflow's deploy, not per message (that is why a change used to need a redeploy, and why
 * resolving per message is no option: a JDBC pool, an AMQP or Redis connection factory is made once
 * per route). So each workflow with a node naming the connection is deployed again, same version,
 * through the workflow module's API ({@code workflow} knows no connector, so the connector module
 * asks; it already depends on {@code workflow} for its node types).
 *
 * <p>Synchronous, in the caller's thread: when the update answers, the next execution uses the new
 * values. A redeploy waits for the workflow's running executions, as an update of the workflow
 * does; one that fails (still busy, or the new values do not deploy) is logged, the connection
 * stays updated, and the other workflows still get theirs.
 */
@Component
class ConnectionRedeploys {

    private static final Logger log = LoggerFactory.getLogger(ConnectionRedeploys.class);
    private static final int PAGE = 200;

    private final WorkflowManagement workflows;

    ConnectionRedeploys(WorkflowManagement workflows) {
        this.workflows = workflows;
    }

    @EventListener
    void on(ConnectionChanged changed) {
        Set<String> names = new HashSet<>(List.of(changed.name(), changed.previousName()));
        List<String> users;
        try {
            users = usersOf(names);
        } catch (RuntimeException e) {
            // the connection is stored: its update must not answer as if it failed
            log.error(
                    "The workflows using connection '{}' could not be found to be deployed again",
                    changed.name(),
                    e);
            return;
        }
        for (String id : users) {
            try {
                workflows.redeploy(id);
                log.info(
                        "Workflow {} deployed again for the change of connection '{}'",
                        id,
                        changed.name());
            } catch (RuntimeException e) {
                // WORKFLOW_BUSY leaves the old routes (and values) running; a deploy that fails
                // on the new values leaves the workflow as an update of it would: fix and update
                log.warn(
                        "Workflow {} could not be deployed again after the change of connection"
                                + " '{}': {}",
                        id,
                        changed.name(),
                        e.getMessage());
            }
        }
    }

    /** The ids of the workflows with a node whose {@code connection} is one of {@code names}. */
    private List<String> usersOf(Set<String> names) {
        List<String> ids = new ArrayList<>();
        for (int page = 0; ; page++) {
            var found = workflows.list(null, page, PAGE);
            for (WorkflowManagement.WorkflowView workflow : found.items()) {
                if (uses(workflow.definition(), names)) {
                    ids.add(workflow.id());
                }
            }
            if ((long) (page + 1) * PAGE >= found.total() || found.items().isEmpty()) {
                return ids;
            }
        }
    }

    private static boolean uses(Workflow definition, Set<String> names) {
        return definition != null
                && definition.nodes().stream()
                        .anyMatch(
                                node ->
                                        node.settings() != null
                                                && node.settings().get("connection")
                                                        instanceof String name
                                                && names.contains(name));
    }
}
