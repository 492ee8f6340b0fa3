/**
 * The message queue: durable Kafka topics (an in-process KRaft broker by default, or an external
 * cluster), publishing over REST, subscriptions (the {@code kafka} workflow trigger, HTTP
 * callbacks, Java handlers through {@link com.auterity.hub.messaging.MessageQueue}), dead letters
 * in {@code <topic>.dlq} with replay, and idempotent consumers.
 */
package com.auterity.hub.messaging;
