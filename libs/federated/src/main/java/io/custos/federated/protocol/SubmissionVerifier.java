package io.custos.federated.protocol;

import io.custos.crypto.Ed25519PublicKey;
import java.util.Base64;
import java.util.Set;

/**
 * Checks a submission before its update may reach an aggregator: signed by the registered key of
 * the client it claims to be, for this federation and the round that is open, with a nonce never
 * seen, and an update of the model's dimension. Values (NaN, infinity) and the sample-count cap are
 * the aggregator's {@code UpdateCheck}'s business.
 */
public final class SubmissionVerifier {

    private final String federationId;
    private final int dimension;

    public SubmissionVerifier(String federationId, int dimension) {
        this.federationId = federationId;
        this.dimension = dimension;
    }

    /**
     * @param clientId   who the authenticated caller is (the submission must say the same)
     * @param clientKey  that client's registered Ed25519 public key
     * @param openRound  the round accepting updates
     * @param seenNonces the nonces already used in this federation (the caller records the new one)
     * @return the decoded update
     */
    public double[] verify(UpdateSubmission s, String clientId, Ed25519PublicKey clientKey, int openRound,
            Set<String> seenNonces) {
        if (s.signature() == null || s.signature().isBlank()) {
            throw new SubmissionRejected(SubmissionRejected.Reason.UNSIGNED, "the update of client " + clientId
                    + " is not signed; sign it with the client's registered Ed25519 key");
        }
        for (String field : new String[] {s.federationId(), s.clientId(), s.nonce(), s.encoding()}) {
            if (field == null || field.isBlank() || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
                throw new SubmissionRejected(SubmissionRejected.Reason.MALFORMED, "federationId, clientId, nonce and"
                        + " encoding must be present, on one line");
            }
        }
        if (!s.nonce().matches("[0-9a-f]{32}")) {
            throw new SubmissionRejected(SubmissionRejected.Reason.MALFORMED, "nonce must be 32 lower-case hex digits");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(s.signature());
        } catch (IllegalArgumentException e) {
            throw new SubmissionRejected(SubmissionRejected.Reason.BAD_SIGNATURE, "signature is not base64");
        }
        if (!clientKey.verify(s.signedBytes(), signature)) {
            throw new SubmissionRejected(SubmissionRejected.Reason.BAD_SIGNATURE, "the signature does not verify"
                    + " with the registered key of client " + clientId + " (" + clientKey.keyId() + ")");
        }
        if (!federationId.equals(s.federationId())) {
            throw new SubmissionRejected(SubmissionRejected.Reason.WRONG_FEDERATION, "the update is for federation "
                    + s.federationId() + ", not " + federationId);
        }
        if (!clientId.equals(s.clientId())) {
            throw new SubmissionRejected(SubmissionRejected.Reason.WRONG_CLIENT, "the update says it is from "
                    + s.clientId() + " but was sent by " + clientId);
        }
        if (s.round() != openRound) {
            throw new SubmissionRejected(SubmissionRejected.Reason.WRONG_ROUND, "the update is for round " + s.round()
                    + (s.round() < openRound ? " (late or replayed)" : "") + "; round " + openRound + " is open");
        }
        if (seenNonces.contains(s.nonce())) {
            throw new SubmissionRejected(SubmissionRejected.Reason.REPLAYED_NONCE, "nonce " + s.nonce()
                    + " was used before: a replayed update");
        }
        if (!UpdateSubmission.ENCODING.equals(s.encoding())) {
            throw new SubmissionRejected(SubmissionRejected.Reason.MALFORMED, "encoding must be "
                    + UpdateSubmission.ENCODING + "; was " + s.encoding());
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(s.update());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SubmissionRejected(SubmissionRejected.Reason.MALFORMED, "update is not base64");
        }
        if (raw.length != dimension * Double.BYTES) {
            throw new SubmissionRejected(SubmissionRejected.Reason.WRONG_SHAPE, "the update has " + raw.length
                    + " bytes; the model has " + dimension + " parameters (" + dimension * Double.BYTES + " bytes)");
        }
        return UpdateSubmission.decode(raw);
    }
}
