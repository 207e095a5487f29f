-- Per-dataset privacy budget (mutable: an operator may raise or lower the limit).
CREATE TABLE dataset_budgets (
    tenant        TEXT             NOT NULL,
    dataset_id    TEXT             NOT NULL,
    epsilon_limit DOUBLE PRECISION NOT NULL CHECK (epsilon_limit > 0),
    delta_limit   DOUBLE PRECISION NOT NULL CHECK (delta_limit > 0 AND delta_limit < 1),
    updated_by    TEXT             NOT NULL,
    updated_at    TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, dataset_id)
);

-- The privacy ledger: every reservation, commit and release, append-only. The database itself
-- refuses UPDATE, DELETE and TRUNCATE, whatever the application does.
CREATE TABLE privacy_ledger (
    id           BIGSERIAL PRIMARY KEY,
    tenant       TEXT             NOT NULL,
    dataset_id   TEXT             NOT NULL,
    job_id       UUID             NOT NULL,
    entry        TEXT             NOT NULL CHECK (entry IN ('RESERVE', 'COMMIT', 'RELEASE')),
    epsilon      DOUBLE PRECISION NOT NULL CHECK (epsilon >= 0),
    delta        DOUBLE PRECISION NOT NULL CHECK (delta >= 0 AND delta < 1),
    accountant   TEXT             NOT NULL,
    rdp_orders   DOUBLE PRECISION[],
    rdp          DOUBLE PRECISION[],
    note         TEXT,
    recorded_by  TEXT             NOT NULL,
    recorded_at  TIMESTAMPTZ      NOT NULL DEFAULT now(),
    UNIQUE (job_id, entry)
);
CREATE INDEX privacy_ledger_dataset ON privacy_ledger (tenant, dataset_id, id);

CREATE FUNCTION privacy_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'privacy_ledger is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER privacy_ledger_no_change BEFORE UPDATE OR DELETE ON privacy_ledger
    FOR EACH ROW EXECUTE FUNCTION privacy_ledger_append_only();
CREATE TRIGGER privacy_ledger_no_truncate BEFORE TRUNCATE ON privacy_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION privacy_ledger_append_only();
