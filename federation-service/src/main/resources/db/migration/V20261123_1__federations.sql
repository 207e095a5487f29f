-- Federations of one tenant and the clients registered to take part in them. Rounds, client
-- updates and aggregation arrive in later migrations.
CREATE TABLE federations (
    id                    UUID        PRIMARY KEY,
    tenant                TEXT        NOT NULL,
    name                  TEXT        NOT NULL,
    model_type            TEXT        NOT NULL CHECK (model_type IN ('logistic', 'svm', 'mlp')),
    feature_schema        JSONB       NOT NULL,
    target                TEXT        NOT NULL,
    rounds                INTEGER     NOT NULL CHECK (rounds BETWEEN 1 AND 1000),
    min_clients           INTEGER     NOT NULL CHECK (min_clients >= 2),
    max_clients           INTEGER     NOT NULL CHECK (max_clients >= min_clients AND max_clients <= 1000),
    round_timeout_seconds INTEGER     NOT NULL CHECK (round_timeout_seconds BETWEEN 10 AND 86400),
    strategy              TEXT        NOT NULL
        CHECK (strategy IN ('fedavg', 'median', 'trimmed-mean', 'krum', 'multi-krum')),
    local_epochs          INTEGER     NOT NULL CHECK (local_epochs BETWEEN 1 AND 100),
    status                TEXT        NOT NULL,
    created_by            TEXT        NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT federations_tenant_name UNIQUE (tenant, name)
);
CREATE INDEX federations_tenant ON federations (tenant, created_at DESC);

CREATE TABLE federation_clients (
    id               UUID        PRIMARY KEY,
    tenant           TEXT        NOT NULL,
    federation_id    UUID        NOT NULL REFERENCES federations (id) ON DELETE CASCADE,
    client_name      TEXT        NOT NULL,
    -- Ed25519 public key: base64 of its X.509 SubjectPublicKeyInfo DER.
    public_key       TEXT        NOT NULL,
    -- SHA-256 (hex) of that DER.
    key_fingerprint  TEXT        NOT NULL,
    registered_by    TEXT        NOT NULL,
    registered_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT federation_clients_name UNIQUE (federation_id, client_name),
    CONSTRAINT federation_clients_key UNIQUE (federation_id, key_fingerprint)
);
CREATE INDEX federation_clients_tenant ON federation_clients (tenant, federation_id);
