-- PostgreSQL only: a partial index over the keys still in use, which every X-API-Key lookup hits.
CREATE INDEX api_keys_active ON api_keys (key_hash) WHERE revoked_at IS NULL;
