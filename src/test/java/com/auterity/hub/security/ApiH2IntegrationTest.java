package com.auterity.hub.security;

/** The API contract on the embedded default: H2 in PostgreSQL mode, in the data dir. */
class ApiH2IntegrationTest extends ApiContract {}
