package com.auterity.hub.workflow;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** An execution left the queue and runs, on {@code workflowVersion} of its workflow. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExecutionStarted(
        String executionId, String workflowId, int workflowVersion, Instant startedAt) {}
