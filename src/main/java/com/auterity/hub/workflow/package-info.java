/**
 * The workflow engine: JSON graphs (the seed's, the Workflow Studio's and the legacy Auterity
 * templates) are validated, compiled into Camel YAML routes, deployed and executed with a durable
 * record of every node. Node types plug in through {@link com.auterity.hub.workflow.spi.NodeType}.
 */
package com.auterity.hub.workflow;
