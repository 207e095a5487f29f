-- One canonical record per (tenant, model name, version).
CREATE TABLE models (
    id               UUID PRIMARY KEY,
    tenant           TEXT        NOT NULL,
    name             TEXT        NOT NULL,
    version          TEXT        NOT NULL,
    source           TEXT        NOT NULL,
    bundle_id        TEXT,
    training_job_id  TEXT,
    model_sha256     TEXT,
    bundle_sha256    TEXT,
    onnx_sha256      TEXT,
    sbom_sha256      TEXT,
    provenance_sha256 TEXT,
    signing_key_id   TEXT,
    privacy          JSONB,
    trace_id         TEXT,
    registered_at    TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (tenant, name, version)
);

-- Every event governance received, for evidence and lineage (append-only).
CREATE TABLE event_log (
    id           BIGSERIAL PRIMARY KEY,
    tenant       TEXT        NOT NULL,
    event_id     TEXT        NOT NULL UNIQUE,
    event_type   TEXT        NOT NULL,
    source       TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    event_time   TIMESTAMPTZ NOT NULL,
    trace_id     TEXT,
    data         JSONB       NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX event_log_tenant_subject ON event_log (tenant, subject);
