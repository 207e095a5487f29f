package io.custos.federated.client;

import io.custos.crypto.Ed25519PrivateKey;
import io.custos.federated.secagg.FixedPoint;
import io.custos.federated.secagg.SecAggClient;
import io.custos.federated.secagg.SecAggException;
import io.custos.federated.secagg.SecAggMessages.EncryptedShare;
import io.custos.federated.secagg.SecAggMessages.MaskedInput;
import io.custos.federated.secagg.SecAggMessages.UnmaskingResponse;
import io.custos.federated.secagg.SecAggParameters;
import io.custos.federated.secagg.SecAggSubmission;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * One site's secure aggregation of one round, kept in memory for the round: its
 * {@link SecAggClient} (whose secrets never leave the site) and its encoded update. Each
 * {@link #step} does what the server's current phase asks of this site, once: post the key pair
 * (at start), the encrypted shares, the masked input, the unmasking shares. Every message is
 * signed with the site's key.
 */
final class SecAggSession {

    /** What this site has done so far. */
    enum Step { KEYS_SENT, SHARES_SENT, INPUT_SENT, UNMASKED, DROPPED }

    private final FederatedClient api;
    private final Ed25519PrivateKey key;
    private final String federationId;
    private final String clientId;
    private final RoundInfo round;
    private final SecAggClient client;
    private final long[] encodedUpdate;
    private Step step;
    private String dropReason;

    private SecAggSession(FederatedClient api, Ed25519PrivateKey key, String federationId, String clientId,
            RoundInfo round, SecAggClient client, long[] encodedUpdate) {
        this.api = api;
        this.key = key;
        this.federationId = federationId;
        this.clientId = clientId;
        this.round = round;
        this.client = client;
        this.encodedUpdate = encodedUpdate;
    }

    /**
     * Clips the update to the round's L2 norm (when it states one), appends the clipping bit when the
     * round asks for it, encodes it with the round's fixed point, and posts this site's fresh X25519
     * keys (phase 0).
     */
    static SecAggSession start(FederatedClient api, Ed25519PrivateKey key, String federationId, String clientId,
            RoundInfo round, SecAggRoundInfo info, double[] delta, SecureRandom random) throws InterruptedException {
        double[] update = maskedVector(delta, info.l2ClipNorm(), info.clippingBit());
        long[] encoded = new FixedPoint(info.scale(), info.clipBound(), info.maxClients()).encode(update);
        SecAggClient client = new SecAggClient(info.secaggId(), new SecAggParameters(round.id(), info.threshold(),
                info.vectorLength()), random);
        SecAggSession session = new SecAggSession(api, key, federationId, clientId, round, client, encoded);
        session.post(SecAggSubmission.KEYS, SecAggSubmission.encodeKeys(client.advertiseKeys()), Step.KEYS_SENT);
        return session;
    }

    /**
     * What a site masks: {@code delta} clipped to {@code clipNorm}, followed, when {@code clippingBit},
     * by one coordinate b = 1[||delta|| <= clipNorm] in {0, 1} (Andrew et al. 2021's clipping bit, which
     * the server only learns summed over the survivors).
     */
    static double[] maskedVector(double[] delta, Double clipNorm, boolean clippingBit) {
        double[] clipped = clip(delta, clipNorm);
        if (!clippingBit) {
            return clipped;
        }
        if (clipNorm == null) {
            throw new IllegalArgumentException("a round asking for the clipping bit must state its l2ClipNorm");
        }
        double squares = 0;
        for (double v : delta) {
            squares += v * v;
        }
        double[] out = Arrays.copyOf(clipped, clipped.length + 1);
        out[clipped.length] = Math.sqrt(squares) <= clipNorm ? 1 : 0;
        return out;
    }

    /** Scales {@code delta} down to L2 norm {@code clipNorm} when it is longer; a copy. */
    static double[] clip(double[] delta, Double clipNorm) {
        double[] out = delta.clone();
        if (clipNorm == null) {
            return out;
        }
        double squares = 0;
        for (double v : out) {
            squares += v * v;
        }
        double norm = Math.sqrt(squares);
        if (norm > clipNorm) {
            for (int i = 0; i < out.length; i++) {
                out[i] *= clipNorm / norm;
            }
        }
        return out;
    }

    Step step() {
        return step;
    }

    String dropReason() {
        return dropReason;
    }

    RoundInfo round() {
        return round;
    }

    /** Done with the round: unmasked (the update is in the sum) or dropped. */
    boolean over() {
        return step == Step.UNMASKED || step == Step.DROPPED;
    }

    /**
     * Does what the server's phase asks, if this site has not done it yet. A phase that moved past
     * what this site could answer drops the site from the round (the others recover without it).
     *
     * @return true when this call posted the masked input (the update is now "sent")
     */
    boolean step(SecAggRoundInfo info) throws InterruptedException {
        if (over()) {
            return false;
        }
        String phase = info.phase();
        try {
            switch (step) {
                case KEYS_SENT -> {
                    if ("SHARE_KEYS".equals(phase)) {
                        List<EncryptedShare> shares = client.shareKeys(api.secaggKeys(round.id()));
                        post(SecAggSubmission.SHARES, SecAggSubmission.encodeShares(shares), Step.SHARES_SENT);
                    } else if (!"ADVERTISE_KEYS".equals(phase)) {
                        drop("the round moved to " + phase + " before this site could share its keys");
                    }
                }
                case SHARES_SENT -> {
                    if ("MASKED_INPUT".equals(phase)) {
                        MaskedInput masked = client.maskInput(api.secaggInbox(round.id()), encodedUpdate);
                        post(SecAggSubmission.MASKED_INPUT,
                                SecAggSubmission.encodeMaskedInput(masked.maskedVector()), Step.INPUT_SENT);
                        return step == Step.INPUT_SENT;
                    } else if (!"SHARE_KEYS".equals(phase)) {
                        drop("the round moved to " + phase + " before this site sent its masked input");
                    }
                }
                case INPUT_SENT -> {
                    if ("UNMASKING".equals(phase)) {
                        UnmaskingResponse response = client.unmask(api.secaggUnmaskingRequest(round.id()));
                        post(SecAggSubmission.UNMASKING, SecAggSubmission.encodeUnmasking(response), Step.UNMASKED);
                    } else if (!"MASKED_INPUT".equals(phase)) {
                        drop("the round moved to " + phase + " before this site could unmask");
                    }
                }
                default -> {
                }
            }
        } catch (SecAggException e) {
            drop("secure aggregation refused to continue: " + e.getMessage());
        }
        return false;
    }

    private void post(String phase, byte[] payload, Step next) throws InterruptedException {
        SecAggSubmission message = SecAggSubmission.sign(federationId, round.number(), round.id(), clientId,
                client.id(), phase, payload, key);
        SubmissionResult result = api.postSecAgg(round.id(), message);
        switch (result) {
            case ACCEPTED, ALREADY_ACCEPTED -> step = next;
            case NOT_SAMPLED -> drop("the server says this site was not invited to round " + round.number());
            case LATE -> drop("the '" + phase + "' phase of round " + round.number() + " closed before this site's"
                    + " message arrived");
        }
    }

    private void drop(String reason) {
        step = Step.DROPPED;
        dropReason = reason;
    }
}
