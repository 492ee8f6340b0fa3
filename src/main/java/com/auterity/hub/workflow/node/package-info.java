/**
 * The built-in node types, one class each. A node type compiles its settings into Camel YAML steps;
 * values from a workflow only ever become JSON literals or jq expressions.
 */
package com.auterity.hub.workflow.node;
