CREATE TABLE training_jobs (
    id                UUID PRIMARY KEY,
    tenant            TEXT        NOT NULL,
    dataset_id        TEXT        NOT NULL,
    target            TEXT        NOT NULL,
    model_type        TEXT        NOT NULL,
    status            TEXT        NOT NULL,
    requested_epsilon DOUBLE PRECISION,
    requested_delta   DOUBLE PRECISION,
    started_by        TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at      TIMESTAMPTZ,
    model_artifact    BYTEA,
    model_sha256      TEXT,
    trace_id          TEXT
);
CREATE INDEX training_jobs_tenant ON training_jobs (tenant, created_at DESC);
