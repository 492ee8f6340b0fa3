/**
 * The AI router's implementation: the model registry, the provider clients (one class per provider
 * kind, calling out over Camel routes), the selection strategies (one class each), the per
 * deployment statistics and circuit breakers, and the response cache.
 */
package com.auterity.hub.ai.router;
