-- Training settings of a federation and its rounds: the global model of each round, the signed
-- updates clients sent, and every refused update with its reason (the audit of refusals).

-- Numeric features now declare public bounds in feature_schema (lower, upper): every site encodes
-- its rows with the same preprocessing without any site's statistics being computed.
ALTER TABLE federations
    ADD COLUMN positive_class          TEXT,
    ADD COLUMN hidden_units            INTEGER          NOT NULL DEFAULT 0 CHECK (hidden_units BETWEEN 0 AND 1024),
    ADD COLUMN learning_rate           DOUBLE PRECISION NOT NULL DEFAULT 0.5 CHECK (learning_rate > 0 AND learning_rate <= 100),
    ADD COLUMN batch_size              INTEGER          NOT NULL DEFAULT 32 CHECK (batch_size BETWEEN 1 AND 100000),
    ADD COLUMN l2                      DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (l2 >= 0 AND l2 <= 1),
    ADD COLUMN max_samples_per_client  BIGINT           NOT NULL DEFAULT 1000000
        CHECK (max_samples_per_client BETWEEN 1 AND 9007199254740992),
    ADD COLUMN server_clip_norm        DOUBLE PRECISION CHECK (server_clip_norm > 0),
    ADD COLUMN trim_fraction           DOUBLE PRECISION NOT NULL DEFAULT 0.1 CHECK (trim_fraction >= 0 AND trim_fraction < 0.5),
    ADD COLUMN byzantine_clients       INTEGER          NOT NULL DEFAULT 0 CHECK (byzantine_clients >= 0),
    ADD COLUMN multi_krum_select       INTEGER          CHECK (multi_krum_select >= 1),
    -- DP-FedAvg settings (JSON), null when the federation runs without client-level DP.
    ADD COLUMN client_dp               JSONB,
    ADD COLUMN current_round           INTEGER          NOT NULL DEFAULT 0,
    -- The clip norm the next DP round uses (adaptive clipping moves it).
    ADD COLUMN dp_clip_norm            DOUBLE PRECISION,
    ADD COLUMN started_by              TEXT,
    ADD COLUMN started_at              TIMESTAMPTZ,
    ADD COLUMN finished_at             TIMESTAMPTZ,
    ADD COLUMN failure_reason          TEXT,
    ADD COLUMN final_model_sha256      TEXT,
    ADD CONSTRAINT federations_status CHECK (status IN ('CREATED', 'RUNNING', 'COMPLETED', 'FAILED'));

-- Global models of each federation by content: the initial one and each round's result. Small
-- (parameters as JSON). Keyed per federation: two federations may well start from the same bytes.
CREATE TABLE global_models (
    federation_id UUID        NOT NULL REFERENCES federations (id) ON DELETE CASCADE,
    sha256        TEXT        NOT NULL,
    tenant        TEXT        NOT NULL,
    content       BYTEA       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (federation_id, sha256)
);

CREATE TABLE federation_rounds (
    id                UUID        PRIMARY KEY,
    tenant            TEXT        NOT NULL,
    federation_id     UUID        NOT NULL REFERENCES federations (id) ON DELETE CASCADE,
    number            INTEGER     NOT NULL CHECK (number >= 1),
    status            TEXT        NOT NULL CHECK (status IN ('WAITING', 'AGGREGATING', 'COMPLETED', 'FAILED')),
    opened_at         TIMESTAMPTZ NOT NULL,
    deadline          TIMESTAMPTZ NOT NULL,
    closed_at         TIMESTAMPTZ,
    -- The global model the round starts from, and the one it produced.
    model_sha256      TEXT        NOT NULL,
    result_sha256     TEXT,
    -- Clients invited: every registered client, or the Poisson sample of a DP round (JSON array of ids).
    participants      JSONB       NOT NULL,
    expected_clients  INTEGER     NOT NULL,
    -- DP-FedAvg facts of the round (null without client-level DP).
    dp_sampling_rate  DOUBLE PRECISION,
    dp_noise_multiplier DOUBLE PRECISION,
    dp_clip_norm      DOUBLE PRECISION,
    epsilon           DOUBLE PRECISION,
    delta             DOUBLE PRECISION,
    -- What the aggregation did (strategy, accepted, capped, clipped, selected), as JSON.
    summary           JSONB,
    failure_reason    TEXT,
    CONSTRAINT federation_rounds_number UNIQUE (federation_id, number),
    CONSTRAINT federation_rounds_model FOREIGN KEY (federation_id, model_sha256)
        REFERENCES global_models (federation_id, sha256),
    CONSTRAINT federation_rounds_result FOREIGN KEY (federation_id, result_sha256)
        REFERENCES global_models (federation_id, sha256)
);
CREATE INDEX federation_rounds_open ON federation_rounds (status, deadline);

CREATE TABLE round_updates (
    id              UUID             PRIMARY KEY,
    tenant          TEXT             NOT NULL,
    federation_id   UUID             NOT NULL REFERENCES federations (id) ON DELETE CASCADE,
    round_id        UUID             NOT NULL REFERENCES federation_rounds (id) ON DELETE CASCADE,
    client_id       UUID             NOT NULL REFERENCES federation_clients (id),
    nonce           TEXT             NOT NULL,
    claimed_samples BIGINT           NOT NULL,
    -- The verified update (the parameter delta), little-endian float64, and its SHA-256.
    content         BYTEA            NOT NULL,
    content_sha256  TEXT             NOT NULL,
    l2_norm         DOUBLE PRECISION NOT NULL,
    signature       TEXT             NOT NULL,
    received_at     TIMESTAMPTZ      NOT NULL DEFAULT now(),
    CONSTRAINT round_updates_client UNIQUE (round_id, client_id),
    CONSTRAINT round_updates_nonce UNIQUE (federation_id, nonce)
);

-- Append-only record of refused updates: who sent what, when, and why it was refused.
CREATE TABLE update_refusals (
    id             UUID        PRIMARY KEY,
    tenant         TEXT        NOT NULL,
    federation_id  UUID        NOT NULL REFERENCES federations (id) ON DELETE CASCADE,
    round_id       UUID        REFERENCES federation_rounds (id) ON DELETE CASCADE,
    caller         TEXT        NOT NULL,
    claimed_client TEXT,
    reason         TEXT        NOT NULL,
    message        TEXT        NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX update_refusals_round ON update_refusals (round_id, received_at);
