package com.auterity.hub.workflow;

import java.util.List;

/** A workflow version was compiled and deployed as the Camel routes {@code routes}. */
public record WorkflowDeployed(String workflowId, int version, List<String> routes) {}
