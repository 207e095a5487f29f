CREATE TABLE bundles (
    id               UUID PRIMARY KEY,
    tenant           TEXT        NOT NULL,
    model_name       TEXT        NOT NULL,
    version          INTEGER     NOT NULL,
    training_job_id  TEXT        NOT NULL,
    status           TEXT        NOT NULL,
    model_sha256     TEXT        NOT NULL,
    model_size       BIGINT      NOT NULL,
    model_artifact   BYTEA       NOT NULL,
    dataset_id       TEXT,
    model_type       TEXT        NOT NULL,
    privacy          JSONB,
    trace_id         TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant, model_name, version),
    UNIQUE (tenant, training_job_id)
);
