/**
 * Workflow node types of the cognitive engine (classification, sentiment-analysis, embedding),
 * implementing the workflow engine's {@link com.auterity.hub.workflow.spi.NodeType} SPI.
 */
package com.auterity.hub.ai.node;
