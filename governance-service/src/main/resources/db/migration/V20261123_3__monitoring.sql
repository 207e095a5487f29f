-- Post-deployment monitoring: each model's reference profile (public or privacy-paid statistics,
-- never raw data), the production batches checked against it, the alerts they raised and where
-- each alert was delivered; and each tenant's alert channels (their settings sealed: webhook URLs
-- and SMTP passwords are secrets).
CREATE TABLE monitoring_references (
    model_id    UUID PRIMARY KEY REFERENCES models (id),
    tenant      TEXT        NOT NULL,
    profile     JSONB       NOT NULL,
    set_at      TIMESTAMPTZ NOT NULL,
    set_by      TEXT        NOT NULL
);

CREATE TABLE monitoring_batches (
    id           UUID PRIMARY KEY,
    tenant       TEXT        NOT NULL,
    model_id     UUID        NOT NULL REFERENCES models (id),
    received_at  TIMESTAMPTZ NOT NULL,
    received_by  TEXT        NOT NULL,
    severity     TEXT        NOT NULL,
    report       JSONB       NOT NULL
);
CREATE INDEX monitoring_batches_model ON monitoring_batches (model_id, received_at DESC);

CREATE TABLE alert_channels (
    id             UUID PRIMARY KEY,
    tenant         TEXT        NOT NULL,
    name           TEXT        NOT NULL,
    type           TEXT        NOT NULL,
    min_severity   TEXT        NOT NULL,
    target         TEXT        NOT NULL,
    sealed_config  BYTEA       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    created_by     TEXT        NOT NULL,
    deleted_at     TIMESTAMPTZ,
    UNIQUE (tenant, name)
);

CREATE TABLE alerts (
    id           UUID PRIMARY KEY,
    tenant       TEXT        NOT NULL,
    model_id     UUID        NOT NULL REFERENCES models (id),
    batch_id     UUID        NOT NULL REFERENCES monitoring_batches (id),
    severity     TEXT        NOT NULL,
    title        TEXT        NOT NULL,
    summary      TEXT        NOT NULL,
    drifted      JSONB       NOT NULL,
    raised_at    TIMESTAMPTZ NOT NULL,
    deliveries   JSONB
);
CREATE INDEX alerts_tenant ON alerts (tenant, raised_at DESC);
