/**
 * AI model orchestration and the in-process cognitive engine (issue 5): {@link
 * com.auterity.hub.ai.AiRouter} routes chat and embedding requests across the model deployments of
 * {@link com.auterity.hub.ai.AiModels}; {@link com.auterity.hub.ai.CognitiveEngine} embeds,
 * compares, classifies, scores sentiment, extracts entities, finds anomalies and ranks options, on
 * an embedding model that runs inside the hub.
 */
package com.auterity.hub.ai;
