package com.auterity.hub.messaging;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the message queue ({@code hub.messaging}).
 *
 * @param queueSize messages buffered in memory before publishing answers 503 ({@code
 *     MESSAGE_QUEUE_SIZE})
 */
@Validated
@ConfigurationProperties("hub.messaging")
public record MessagingProperties(@DefaultValue("1000") @Positive int queueSize) {}
