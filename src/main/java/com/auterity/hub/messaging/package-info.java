/**
 * The message queue: Kafka topics with dead letters and replay, reached through Camel (issue 4).
 */
package com.auterity.hub.messaging;
