package com.auterity.hub.ai.usage;

import com.auterity.hub.support.OnPostgres;

/** The AI usage ledger's contract on the real PostgreSQL server. */
@OnPostgres
class UsageLedgerPostgresIntegrationTest extends UsageLedgerContract {}
