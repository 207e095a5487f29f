-- The delta at which a committed run's RDP curve converts (its total delta minus what
-- thresholding mechanisms added outside the curve): RDP composition across runs must use it.
ALTER TABLE privacy_ledger ADD COLUMN rdp_delta DOUBLE PRECISION CHECK (rdp_delta IS NULL OR (rdp_delta > 0 AND rdp_delta < 1));
