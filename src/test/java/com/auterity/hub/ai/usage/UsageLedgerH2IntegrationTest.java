package com.auterity.hub.ai.usage;

/** The AI usage ledger's contract on the embedded default: H2 in PostgreSQL mode. */
class UsageLedgerH2IntegrationTest extends UsageLedgerContract {}
