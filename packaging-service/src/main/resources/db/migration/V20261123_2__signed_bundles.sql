-- Bundles become signed MLflow-compatible archives kept in the content-addressed bundle store;
-- the database keeps their digests and metadata. The model artifact column stays (nullable) for
-- bundles registered before this version; new bundles carry the artifact inside the archive.
ALTER TABLE bundles ALTER COLUMN model_artifact DROP NOT NULL;
ALTER TABLE bundles
    ADD COLUMN bundle_sha256     TEXT,
    ADD COLUMN bundle_size       BIGINT,
    ADD COLUMN onnx_sha256       TEXT,
    ADD COLUMN sbom_sha256       TEXT,
    ADD COLUMN provenance_sha256 TEXT,
    ADD COLUMN signing_key_id    TEXT,
    ADD COLUMN dataset_sha256    TEXT,
    ADD COLUMN metadata          JSONB;

-- Every finished training job packaging has heard of, so a bundle can be built on request and a
-- failed build keeps its reason.
CREATE TABLE trainings (
    tenant          TEXT        NOT NULL,
    job_id          TEXT        NOT NULL,
    event           JSONB       NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    build_error     TEXT,
    PRIMARY KEY (tenant, job_id)
);
