package com.auterity.hub.workflow;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * An execution ended: {@code status} is completed, failed or cancelled. Analytics, process mining
 * and monitoring read the execution's node records ({@code GET /api/v1/executions/{id}}) as its
 * event log.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExecutionFinished(
        String executionId,
        String workflowId,
        int workflowVersion,
        String status,
        String error,
        Instant finishedAt) {}
