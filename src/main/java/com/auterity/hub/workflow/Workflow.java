package com.auterity.hub.workflow;

import java.util.List;
import java.util.Map;

/**
 * A workflow in the one shape the engine works on, whatever format it arrived in.
 *
 * @param id stable id (lower-case letters, digits and dashes)
 * @param name display name
 * @param description free text
 * @param nodes the steps
 * @param edges the connections; a branch is told apart by {@link Edge#sourcePort()}
 */
public record Workflow(
        String id, String name, String description, List<Node> nodes, List<Edge> edges) {

    /**
     * One step.
     *
     * @param settings the node's settings: the studio's {@code data} (or {@code data.properties}),
     *     the legacy {@code config}
     */
    public record Node(String id, String type, String label, Map<String, Object> settings) {}

    /** A connection from one node's port to another node. */
    public record Edge(String id, String source, String target, String sourcePort, String label) {}
}
