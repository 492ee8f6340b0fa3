package com.auterity.hub.workflow;

/** The workflow API contract on the embedded default, H2. */
class WorkflowApiH2IntegrationTest extends WorkflowApiContract {}
