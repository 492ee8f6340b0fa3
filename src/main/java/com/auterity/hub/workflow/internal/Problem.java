package com.auterity.hub.workflow.internal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with a workflow, naming the node or edge it concerns.
 *
 * @param node id of the node concerned, if any
 * @param edge id of the edge concerned, if any
 * @param message what is wrong, as a sentence
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String node, String edge, String message) {

    static Problem of(String message) {
        return new Problem(null, null, message);
    }

    static Problem node(String node, String message) {
        return new Problem(node, null, message);
    }

    static Problem edge(String edge, String message) {
        return new Problem(null, edge, message);
    }

    @Override
    public String toString() {
        return (node != null
                        ? "node '" + node + "': "
                        : edge != null ? "edge '" + edge + "': " : "")
                + message;
    }
}
