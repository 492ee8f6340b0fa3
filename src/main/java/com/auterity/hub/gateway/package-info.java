/**
 * The hub's HTTP front door: Camel REST DSL on platform-http under {@code /api/v1}, the OpenAPI
 * description, request limits, correlation ids, the ingress header allow-list and the single error
 * shape of every answer.
 */
package com.auterity.hub.gateway;
