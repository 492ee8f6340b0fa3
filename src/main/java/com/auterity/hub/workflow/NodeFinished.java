package com.auterity.hub.workflow;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A node of an execution ended: {@code status} is completed or failed, {@code port} the branch it
 * chose. Published as it happens for executions run from the queue; an execution that a webhook
 * caller waits for is recorded at its end, and announces only {@link ExecutionFinished}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NodeFinished(
        String executionId,
        String nodeId,
        String status,
        String port,
        String error,
        Instant finishedAt) {}
