package com.auterity.hub.workflow;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the workflow engine ({@code hub.workflow}).
 *
 * @param workers executions run at the same time ({@code WORKFLOW_ENGINE_WORKERS})
 */
@Validated
@ConfigurationProperties("hub.workflow")
public record WorkflowProperties(@DefaultValue("4") @Positive int workers) {}
