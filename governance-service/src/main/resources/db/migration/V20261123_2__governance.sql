-- The inventory record becomes the canonical model-version record (six groups, as JSON), with the
-- columns the inventory is filtered by, its compliance result and where it came from.
ALTER TABLE models
    ADD COLUMN record                  JSONB,
    ADD COLUMN stage                   TEXT,
    ADD COLUMN owner                   TEXT,
    ADD COLUMN complete                BOOLEAN NOT NULL DEFAULT true,
    ADD COLUMN incomplete_reason       TEXT,
    ADD COLUMN compliance_status       TEXT,
    ADD COLUMN compliance              JSONB,
    ADD COLUMN compliance_evaluated_at TIMESTAMPTZ,
    ADD COLUMN source_id               UUID,
    ADD COLUMN source_updated_at       TIMESTAMPTZ,
    -- what the governance team filled in (owner, purpose, risk fields, stage of Custos models);
    -- kept apart from what the source says so a sync never overwrites it
    ADD COLUMN annotations             JSONB;
CREATE INDEX models_tenant_stage ON models (tenant, stage);
-- One record per (model name, version) of each source: two MLflow servers may both have "churn" v1.
ALTER TABLE models DROP CONSTRAINT models_tenant_name_version_key;
CREATE UNIQUE INDEX models_source_name_version ON models (tenant, COALESCE(source_id::text, 'custos'), name, version);

-- Timestamped lifecycle history: registration, stage and alias changes (append-only).
CREATE TABLE lifecycle_events (
    id          BIGSERIAL PRIMARY KEY,
    tenant      TEXT        NOT NULL,
    model_id    UUID        NOT NULL REFERENCES models (id),
    kind        TEXT        NOT NULL,
    from_value  TEXT,
    to_value    TEXT,
    at          TIMESTAMPTZ NOT NULL,
    origin      TEXT        NOT NULL
);
CREATE INDEX lifecycle_events_model ON lifecycle_events (model_id, id);

-- Customers' MLflow servers, read-only. Credentials (and extra headers, which may hold tokens)
-- are sealed per tenant and per source; only the credential identity is kept in clear.
CREATE TABLE mlflow_sources (
    id                    UUID PRIMARY KEY,
    tenant                TEXT        NOT NULL,
    name                  TEXT        NOT NULL,
    tracking_uri          TEXT        NOT NULL,
    auth_type             TEXT        NOT NULL,
    credential_identity   TEXT        NOT NULL,
    sealed_secrets        BYTEA,
    sync_interval_minutes INTEGER,
    high_water_mark       TIMESTAMPTZ,
    last_sync_at          TIMESTAMPTZ,
    last_sync_error       TEXT,
    created_at            TIMESTAMPTZ NOT NULL,
    created_by            TEXT        NOT NULL,
    deleted_at            TIMESTAMPTZ,
    UNIQUE (tenant, name)
);

-- Every sync of a source: when, by what, as whom (identity, never the secret), what it saw.
CREATE TABLE sync_runs (
    id                  UUID PRIMARY KEY,
    tenant              TEXT        NOT NULL,
    source_id           UUID        NOT NULL REFERENCES mlflow_sources (id),
    trigger             TEXT        NOT NULL,
    credential_identity TEXT        NOT NULL,
    status              TEXT        NOT NULL,
    started_at          TIMESTAMPTZ NOT NULL,
    finished_at         TIMESTAMPTZ,
    models_seen         INTEGER,
    versions_seen       INTEGER,
    versions_delivered  INTEGER,
    incomplete          INTEGER,
    error               TEXT
);
CREATE INDEX sync_runs_source ON sync_runs (source_id, started_at DESC);

-- The audit trail: per tenant, append-only and hash-chained (each entry commits to the previous
-- entry's hash), so that any edit or deletion is detectable by GET /api/governance/audit/verify.
-- detail is the exact canonical JSON that was hashed (TEXT: JSONB would re-format it).
CREATE TABLE audit_log (
    tenant     TEXT        NOT NULL,
    seq        BIGINT      NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    actor      TEXT        NOT NULL,
    action     TEXT        NOT NULL,
    subject    TEXT,
    detail     TEXT        NOT NULL,
    prev_hash  TEXT        NOT NULL,
    hash       TEXT        NOT NULL,
    PRIMARY KEY (tenant, seq)
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER lifecycle_events_no_update BEFORE UPDATE OR DELETE ON lifecycle_events
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
