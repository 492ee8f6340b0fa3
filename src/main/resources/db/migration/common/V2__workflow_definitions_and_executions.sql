-- Workflows: the definition as received (normalised JSON) and the Camel YAML it compiles to.
CREATE TABLE workflows (
    id          VARCHAR(64)   PRIMARY KEY,
    name        VARCHAR(200)  NOT NULL,
    description VARCHAR(2000),
    version     INTEGER       NOT NULL,
    definition  TEXT          NOT NULL,
    camel_yaml  TEXT          NOT NULL,
    created_by  VARCHAR(100)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Executions: recorded (queued) before the client is told about them.
CREATE TABLE executions (
    id               VARCHAR(36)  PRIMARY KEY,
    workflow_id      VARCHAR(64)  NOT NULL,
    workflow_version INTEGER      NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    input            TEXT,
    output           TEXT,
    error            TEXT,
    created_by       VARCHAR(100) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE
);

CREATE INDEX executions_workflow ON executions (workflow_id, created_at);
CREATE INDEX executions_status ON executions (status);

-- One row per node run: what process mining reads as the event log.
CREATE TABLE execution_nodes (
    execution_id VARCHAR(36)  NOT NULL,
    node_id      VARCHAR(64)  NOT NULL,
    node_type    VARCHAR(64)  NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    attempts     INTEGER      NOT NULL,
    port         VARCHAR(64),
    input        TEXT,
    output       TEXT,
    error        TEXT,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (execution_id, node_id)
);
