-- Connections of the Integration Controller. config is JSON; secrets is a JSON object of
-- name -> AES-GCM ciphertext ("v1:" Base64 of IV, ciphertext and tag), never the plain value.
CREATE TABLE connector_connections (
    id          VARCHAR(36)   PRIMARY KEY,
    name        VARCHAR(64)   NOT NULL UNIQUE,
    connector   VARCHAR(200)  NOT NULL,
    config      TEXT          NOT NULL,
    secrets     TEXT          NOT NULL,
    status      VARCHAR(16)   NOT NULL,
    last_test   TEXT,
    created_by  VARCHAR(100)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
