package io.custos.federated.secagg;

import java.util.Objects;

/**
 * Public parameters of one secure-aggregation round, known to the server and every client.
 *
 * @param roundId      unique id of this round (e.g. {@code federationId + "/" + roundNumber});
 *                     bound into every derived key and every share ciphertext
 * @param threshold    {@code t}: shares needed to reconstruct a secret, and the minimum number
 *                     of clients that must survive every phase. Must be at least 2. Choose
 *                     {@code t > n/2} (the paper's recommendation) so that a server sending
 *                     different drop lists to different clients cannot collect both kinds of
 *                     share for a client; with an honest-but-curious server any {@code t >= 2}
 *                     is private.
 * @param vectorLength {@code d}: length of every encoded update
 */
public record SecAggParameters(String roundId, int threshold, int vectorLength) {

    public SecAggParameters {
        Objects.requireNonNull(roundId, "roundId");
        if (roundId.isBlank()) {
            throw new IllegalArgumentException("roundId must not be blank");
        }
        if (threshold < 2) {
            throw new IllegalArgumentException("threshold must be at least 2, got " + threshold);
        }
        if (vectorLength < 1) {
            throw new IllegalArgumentException("vectorLength must be positive, got " + vectorLength);
        }
    }

    void requireRound(String messageRoundId, String what) {
        if (!roundId.equals(messageRoundId)) {
            throw new SecAggException(what + " belongs to round '" + messageRoundId
                    + "', not to the current round '" + roundId + "'");
        }
    }
}
