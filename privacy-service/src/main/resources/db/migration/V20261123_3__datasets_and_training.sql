-- Datasets: metadata here, content in the content-addressed blob store (by SHA-256).
CREATE TABLE datasets (
    id          UUID PRIMARY KEY,
    tenant      TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    sha256      TEXT        NOT NULL,
    size_bytes  BIGINT      NOT NULL,
    row_count   BIGINT      NOT NULL,
    columns     JSONB       NOT NULL,
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX datasets_tenant ON datasets (tenant, created_at DESC);

-- Training jobs now run for real: the request, the report and the account are kept.
ALTER TABLE training_jobs ADD COLUMN request JSONB;
ALTER TABLE training_jobs ADD COLUMN report JSONB;
ALTER TABLE training_jobs ADD COLUMN epsilon_spent DOUBLE PRECISION;
ALTER TABLE training_jobs ADD COLUMN delta_spent DOUBLE PRECISION;
ALTER TABLE training_jobs ADD COLUMN failure TEXT;
ALTER TABLE training_jobs ADD COLUMN started_at TIMESTAMPTZ;
