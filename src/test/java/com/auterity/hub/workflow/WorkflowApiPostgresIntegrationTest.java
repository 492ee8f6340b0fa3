package com.auterity.hub.workflow;

import com.auterity.hub.support.OnPostgres;

/** The workflow API contract on the real PostgreSQL server. */
@OnPostgres
class WorkflowApiPostgresIntegrationTest extends WorkflowApiContract {}
