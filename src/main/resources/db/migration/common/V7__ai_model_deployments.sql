-- Model deployments stored through /api/v1/ai/models (those of hub.ai.models live in the
-- configuration; a stored one wins by id). Prices in US dollars per million tokens, NULL: the
-- default price table. capabilities: comma-separated. connection: the name of the Integration
-- Controller connection holding the API key (never the key).
CREATE TABLE ai_model_deployments (
    id              VARCHAR(64)    PRIMARY KEY,
    model_group     VARCHAR(100)   NOT NULL,
    provider        VARCHAR(32)    NOT NULL,
    base_url        VARCHAR(500),
    model           VARCHAR(200)   NOT NULL,
    context_window  INTEGER,
    input_price     NUMERIC(18, 6),
    output_price    NUMERIC(18, 6),
    capabilities    VARCHAR(200)   NOT NULL,
    weight          INTEGER        NOT NULL,
    connection      VARCHAR(64),
    tpm             BIGINT,
    rpm             BIGINT,
    created_by      VARCHAR(100)   NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ai_model_deployments_group ON ai_model_deployments (model_group);
