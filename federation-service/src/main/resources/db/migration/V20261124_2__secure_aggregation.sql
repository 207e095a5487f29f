-- Secure aggregation (Bonawitz et al. 2017, libs/federated io.custos.federated.secagg): a federation
-- may ask that the server learn only the sum of its clients' updates. A secure round runs four
-- phases (keys, shares, masked input, unmasking), each with its own deadline; every message a
-- client signs is kept, so the protocol state is rebuilt from the database after a restart.

ALTER TABLE federations
    ADD COLUMN secure_aggregation BOOLEAN NOT NULL DEFAULT false,
    ADD CONSTRAINT federations_secure_aggregation_fedavg CHECK (NOT secure_aggregation OR strategy = 'fedavg');

ALTER TABLE federation_rounds
    -- Null for a round without secure aggregation.
    ADD COLUMN secagg_phase          TEXT
        CHECK (secagg_phase IN ('ADVERTISE_KEYS', 'SHARE_KEYS', 'MASKED_INPUT', 'UNMASKING', 'DONE', 'ABORTED')),
    ADD COLUMN secagg_phase_deadline TIMESTAMPTZ,
    -- t: Shamir threshold and the fewest clients that must survive every phase.
    ADD COLUMN secagg_threshold      INTEGER CHECK (secagg_threshold >= 2),
    -- Fixed-point encoding every client uses (FixedPoint(scale, clip_bound, max_clients)), and the L2
    -- norm clients clip their update to before encoding (null: per-coordinate clipping only).
    ADD COLUMN secagg_clip_bound     DOUBLE PRECISION CHECK (secagg_clip_bound > 0),
    ADD COLUMN secagg_scale          DOUBLE PRECISION CHECK (secagg_scale > 0),
    ADD COLUMN secagg_max_clients    INTEGER CHECK (secagg_max_clients >= 1),
    ADD COLUMN secagg_l2_clip        DOUBLE PRECISION CHECK (secagg_l2_clip > 0);
CREATE INDEX federation_rounds_secagg_due ON federation_rounds (status, secagg_phase_deadline)
    WHERE secagg_phase IS NOT NULL;

-- Every accepted, signed secure-aggregation message: the payload exactly as signed (see
-- SecAggSubmission). A masked input is the update plus pseudorandom masks: never an update.
CREATE TABLE secagg_messages (
    id             UUID        PRIMARY KEY,
    tenant         TEXT        NOT NULL,
    federation_id  UUID        NOT NULL REFERENCES federations (id) ON DELETE CASCADE,
    round_id       UUID        NOT NULL REFERENCES federation_rounds (id) ON DELETE CASCADE,
    client_id      UUID        NOT NULL REFERENCES federation_clients (id),
    secagg_id      INTEGER     NOT NULL CHECK (secagg_id >= 1),
    phase          TEXT        NOT NULL CHECK (phase IN ('keys', 'shares', 'masked-input', 'unmasking')),
    payload        BYTEA       NOT NULL,
    payload_sha256 TEXT        NOT NULL,
    nonce          TEXT        NOT NULL,
    signature      TEXT        NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT secagg_messages_client UNIQUE (round_id, client_id, phase),
    CONSTRAINT secagg_messages_secagg_id UNIQUE (round_id, secagg_id, phase),
    CONSTRAINT secagg_messages_nonce UNIQUE (federation_id, nonce)
);

-- The encrypted shares of phase 1, one row per (sender, recipient), so each client's inbox is one
-- indexed read. Copied from the senders' signed 'shares' messages; the server cannot read them.
CREATE TABLE secagg_shares (
    id          UUID    PRIMARY KEY,
    round_id    UUID    NOT NULL REFERENCES federation_rounds (id) ON DELETE CASCADE,
    from_id     INTEGER NOT NULL,
    to_id       INTEGER NOT NULL,
    nonce       BYTEA   NOT NULL,
    ciphertext  BYTEA   NOT NULL,
    CONSTRAINT secagg_shares_pair UNIQUE (round_id, to_id, from_id)
);
