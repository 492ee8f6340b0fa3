/**
 * Token and cost accounting of AI requests per key, user and model, budgets and rate limits ({@link
 * com.auterity.hub.ai.usage.UsageLedger}).
 */
package com.auterity.hub.ai.usage;
