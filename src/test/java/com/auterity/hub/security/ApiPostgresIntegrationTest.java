package com.auterity.hub.security;

import com.auterity.hub.support.OnPostgres;

/** The same API contract on the real PostgreSQL server, in a database made fresh for the run. */
@OnPostgres
class ApiPostgresIntegrationTest extends ApiContract {}
