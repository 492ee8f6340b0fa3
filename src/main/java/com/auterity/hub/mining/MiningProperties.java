package com.auterity.hub.mining;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of process mining ({@code hub.mining}).
 *
 * @param threads threads that discovery and conformance checking use ({@code
 *     PROCESS_MINING_THREADS})
 */
@Validated
@ConfigurationProperties("hub.mining")
public record MiningProperties(@DefaultValue("4") @Positive int threads) {}
