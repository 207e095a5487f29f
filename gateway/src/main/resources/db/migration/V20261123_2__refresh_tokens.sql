-- Refresh tokens: only the SHA-256 (hex) of the opaque token is stored.
CREATE TABLE refresh_tokens (
    id             uuid PRIMARY KEY,
    tenant         varchar(63) NOT NULL,
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id      uuid        NOT NULL,
    token_hash     varchar(64) NOT NULL,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason varchar(32),
    replaced_by    uuid,
    CONSTRAINT refresh_tokens_hash_key UNIQUE (token_hash)
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (tenant, family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (tenant, user_id);
