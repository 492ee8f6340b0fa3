package com.auterity.hub.monitoring;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of monitoring ({@code hub.monitoring}).
 *
 * @param metricsCollectionInterval how often metrics are sampled for alerting ({@code
 *     METRICS_COLLECTION_INTERVAL}, seconds)
 * @param alertThreshold utilisation (0-1) above which an alert is raised ({@code ALERT_THRESHOLD})
 */
@Validated
@ConfigurationProperties("hub.monitoring")
public record MonitoringProperties(
        @DefaultValue("60") @DurationUnit(ChronoUnit.SECONDS) Duration metricsCollectionInterval,
        @DefaultValue("0.95") @DecimalMin("0") @DecimalMax("1") double alertThreshold) {}
