-- Dataset registry: versions with lineage, inferred schema, retention and erasure.
-- A transform makes a new row whose parent is the version it was applied to; every version of
-- one upload shares lineage_root, which is also the unit of privacy accounting (a derived
-- version holds the same people, so it must not get a fresh budget).
ALTER TABLE datasets ADD COLUMN parent_id     UUID REFERENCES datasets (id);
ALTER TABLE datasets ADD COLUMN lineage_root  UUID;
ALTER TABLE datasets ADD COLUMN version       INT  NOT NULL DEFAULT 1;
ALTER TABLE datasets ADD COLUMN schema        JSONB;
ALTER TABLE datasets ADD COLUMN transform     JSONB;
ALTER TABLE datasets ADD COLUMN retention_days INT CHECK (retention_days IS NULL OR retention_days > 0);
ALTER TABLE datasets ADD COLUMN retain_until  TIMESTAMPTZ;
ALTER TABLE datasets ADD COLUMN erased_at     TIMESTAMPTZ;
ALTER TABLE datasets ADD COLUMN erased_by     TEXT;
ALTER TABLE datasets ADD COLUMN erasure_reason TEXT;
UPDATE datasets SET lineage_root = id WHERE lineage_root IS NULL;
ALTER TABLE datasets ALTER COLUMN lineage_root SET NOT NULL;
CREATE INDEX datasets_lineage ON datasets (tenant, lineage_root, version);
CREATE INDEX datasets_retention ON datasets (retain_until) WHERE erased_at IS NULL AND retain_until IS NOT NULL;
CREATE INDEX datasets_sha256 ON datasets (sha256) WHERE erased_at IS NULL;

-- The ledger entries of a job are kept against the lineage root, not the version trained on.
ALTER TABLE training_jobs ADD COLUMN budget_dataset_id TEXT;
UPDATE training_jobs SET budget_dataset_id = dataset_id WHERE budget_dataset_id IS NULL;
ALTER TABLE training_jobs ALTER COLUMN budget_dataset_id SET NOT NULL;

-- Risk reports are cached per content hash and options (the same bytes give the same report).
CREATE TABLE risk_reports (
    tenant      TEXT        NOT NULL,
    sha256      TEXT        NOT NULL,
    options_key TEXT        NOT NULL,
    report      JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, sha256, options_key)
);

-- Who did what to which dataset: uploads, transforms, retention changes, erasures. Append-only.
CREATE TABLE dataset_audit (
    id          BIGSERIAL PRIMARY KEY,
    tenant      TEXT        NOT NULL,
    dataset_id  UUID        NOT NULL,
    action      TEXT        NOT NULL,
    actor       TEXT        NOT NULL,
    details     JSONB,
    at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX dataset_audit_dataset ON dataset_audit (tenant, dataset_id, id);
CREATE FUNCTION dataset_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dataset_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER dataset_audit_no_update BEFORE UPDATE OR DELETE ON dataset_audit
    FOR EACH ROW EXECUTE FUNCTION dataset_audit_append_only();
CREATE TRIGGER dataset_audit_no_truncate BEFORE TRUNCATE ON dataset_audit
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_audit_append_only();
