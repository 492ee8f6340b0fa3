package com.auterity.hub.ai;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of AI model orchestration ({@code hub.ai}).
 *
 * @param cacheSize responses kept in the response cache ({@code AI_MODEL_CACHE_SIZE})
 * @param requestTimeout longest wait for a provider's answer ({@code AI_REQUEST_TIMEOUT}, seconds)
 */
@Validated
@ConfigurationProperties("hub.ai")
public record AiProperties(
        @DefaultValue("1000") @Positive int cacheSize,
        @DefaultValue("30") @DurationUnit(ChronoUnit.SECONDS) Duration requestTimeout) {}
