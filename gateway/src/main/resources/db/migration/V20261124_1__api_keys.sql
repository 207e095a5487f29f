-- API keys of machines (federated-learning clients, CI). A key reads ck_<8 chars>_<43 chars>:
-- key_prefix (ck_<8 chars>) finds the row and is shown in listings; only the SHA-256 (hex) of
-- the whole key is stored. Rows are never deleted: revoking sets revoked_at, for the audit trail.
CREATE TABLE api_keys (
    id            uuid PRIMARY KEY,
    tenant        varchar(63)  NOT NULL,
    name          varchar(128) NOT NULL,
    key_prefix    varchar(16)  NOT NULL,
    secret_hash   varchar(64)  NOT NULL,
    roles         text[]       NOT NULL,
    federation_id uuid,
    client_id     uuid,
    created_by    text         NOT NULL,
    created_at    timestamptz  NOT NULL,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    revoked_by    text,
    last_used_at  timestamptz,
    -- unique, so the lookup of a presented key is one index probe
    CONSTRAINT api_keys_prefix_key UNIQUE (key_prefix),
    CONSTRAINT api_keys_hash_is_sha256 CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
    -- a machine key may not administer
    CONSTRAINT api_keys_roles_known CHECK (
        cardinality(roles) > 0
        AND roles <@ ARRAY['data-steward', 'ml-engineer', 'auditor', 'fl-client', 'service']::text[]),
    -- fl-client keys name their federation and client; other keys name neither
    CONSTRAINT api_keys_fl_client_binding CHECK (
        CASE WHEN 'fl-client' = ANY (roles) THEN federation_id IS NOT NULL AND client_id IS NOT NULL
             ELSE federation_id IS NULL AND client_id IS NULL END)
);

-- A name identifies one live key of a tenant; a revoked key's name may be reused (rotation).
CREATE UNIQUE INDEX api_keys_tenant_live_name_key ON api_keys (tenant, name) WHERE revoked_at IS NULL;
CREATE INDEX api_keys_tenant_created_idx ON api_keys (tenant, created_at DESC);
