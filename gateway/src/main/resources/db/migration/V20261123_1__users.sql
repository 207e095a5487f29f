-- Accounts of the suite. Usernames are unique across tenants (login does not ask for a tenant).
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    tenant        varchar(63)  NOT NULL,
    username      varchar(64)  NOT NULL,
    password_hash varchar(255) NOT NULL,
    roles         text[]       NOT NULL,
    enabled       boolean      NOT NULL DEFAULT true,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT users_username_key UNIQUE (username),
    CONSTRAINT users_password_is_argon2id CHECK (starts_with(password_hash, chr(36) || 'argon2id' || chr(36))),
    CONSTRAINT users_roles_known CHECK (
        cardinality(roles) > 0
        AND roles <@ ARRAY['admin', 'data-steward', 'ml-engineer', 'auditor', 'fl-client', 'service']::text[])
);

CREATE INDEX users_tenant_idx ON users (tenant, username);
