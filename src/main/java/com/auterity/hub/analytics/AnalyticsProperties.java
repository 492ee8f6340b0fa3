package com.auterity.hub.analytics;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of analytics ({@code hub.analytics}).
 *
 * @param batchSize records processed per batch ({@code ANALYTICS_BATCH_SIZE})
 */
@Validated
@ConfigurationProperties("hub.analytics")
public record AnalyticsProperties(@DefaultValue("100") @Positive int batchSize) {}
