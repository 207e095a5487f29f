package io.custos.federated.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.crypto.Ed25519PrivateKey;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubmissionVerifierTest {

    private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.generate();
    private static final double[] UPDATE = {0.5, -1.25, 3e-9, 7};
    private final SubmissionVerifier verifier = new SubmissionVerifier("fed-1", UPDATE.length);

    private static UpdateSubmission signed(int round) {
        return UpdateSubmission.sign("fed-1", round, "site-a", 1200, UPDATE, KEY);
    }

    private SubmissionRejected.Reason refused(UpdateSubmission s, Set<String> seen) {
        return assertThrows(SubmissionRejected.class,
                () -> verifier.verify(s, "site-a", KEY.publicKey(), 3, seen)).reason();
    }

    @Test
    void aSignedUpdateForTheOpenRoundIsDecodedExactly() {
        UpdateSubmission s = signed(3);
        assertArrayEquals(UPDATE, verifier.verify(s, "site-a", KEY.publicKey(), 3, Set.of()));
        assertEquals(32, s.nonce().length());
        assertNotEquals(s.nonce(), signed(3).nonce(), "a fresh nonce each time");
    }

    @Test
    void eachWayOfCheatingHasItsReason() {
        UpdateSubmission s = signed(3);
        assertEquals(SubmissionRejected.Reason.UNSIGNED, refused(s.withSignature(null), Set.of()));
        assertEquals(SubmissionRejected.Reason.REPLAYED_NONCE, refused(s, new HashSet<>(Set.of(s.nonce()))));
        assertEquals(SubmissionRejected.Reason.WRONG_ROUND, refused(signed(2), Set.of()));
        assertEquals(SubmissionRejected.Reason.BAD_SIGNATURE,
                refused(UpdateSubmission.sign("fed-1", 3, "site-a", 1200, UPDATE, Ed25519PrivateKey.generate()), Set.of()));
        // Changing any signed field breaks the signature: round, samples, the update itself.
        assertEquals(SubmissionRejected.Reason.BAD_SIGNATURE, refused(new UpdateSubmission("fed-1", 3, "site-a",
                s.nonce(), 1_000_000, s.encoding(), s.update(), s.signature()), Set.of()));
        UpdateSubmission lastRound = signed(2);
        assertEquals(SubmissionRejected.Reason.BAD_SIGNATURE, refused(new UpdateSubmission("fed-1", 3, "site-a",
                lastRound.nonce(), 1200, lastRound.encoding(), lastRound.update(), lastRound.signature()), Set.of()));
        byte[] raw = Base64.getDecoder().decode(s.update());
        raw[3] ^= 1;
        assertEquals(SubmissionRejected.Reason.BAD_SIGNATURE, refused(new UpdateSubmission("fed-1", 3, "site-a",
                s.nonce(), 1200, s.encoding(), Base64.getEncoder().encodeToString(raw), s.signature()), Set.of()));
        // Signed, but for someone else or somewhere else.
        assertEquals(SubmissionRejected.Reason.WRONG_CLIENT, assertThrows(SubmissionRejected.class,
                () -> verifier.verify(s, "site-b", KEY.publicKey(), 3, Set.of())).reason());
        assertEquals(SubmissionRejected.Reason.WRONG_FEDERATION,
                refused(UpdateSubmission.sign("fed-2", 3, "site-a", 1200, UPDATE, KEY), Set.of()));
        assertEquals(SubmissionRejected.Reason.WRONG_SHAPE,
                refused(UpdateSubmission.sign("fed-1", 3, "site-a", 1200, new double[] {1, 2, 3}, KEY), Set.of()));
        SubmissionRejected r = assertThrows(SubmissionRejected.class,
                () -> verifier.verify(signed(1), "site-a", KEY.publicKey(), 3, Set.of()));
        assertTrue(r.getMessage().contains("late or replayed"), r.getMessage());
    }
}
