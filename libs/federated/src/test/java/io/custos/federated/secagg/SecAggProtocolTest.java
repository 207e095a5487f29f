package io.custos.federated.secagg;

import static io.custos.federated.secagg.InMemorySecAgg.Dropout.BEFORE_MASKED_INPUT;
import static io.custos.federated.secagg.InMemorySecAgg.Dropout.BEFORE_SHARES;
import static io.custos.federated.secagg.InMemorySecAgg.Dropout.BEFORE_UNMASKING;
import static io.custos.federated.secagg.InMemorySecAgg.Dropout.LATE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.custos.federated.secagg.InMemorySecAgg.Transcript;
import io.custos.federated.secagg.SecAggMessages.AdvertisedKeys;
import io.custos.federated.secagg.SecAggMessages.EncryptedShare;
import io.custos.federated.secagg.SecAggMessages.MaskedInput;
import io.custos.federated.secagg.SecAggMessages.UnmaskingRequest;
import io.custos.federated.secagg.SecAggMessages.UnmaskingResponse;

class SecAggProtocolTest {

    private static final int D = 512;

    private final Random data = new Random(2017);

    @Test
    void fiveClientsAllPresentServerGetsThePlainSumAndNoIndividualUpdate() {
        SecAggParameters params = new SecAggParameters("fed-a/1", 3, D);
        FixedPoint fp = FixedPoint.finestFor(1.0, 5);
        Map<Integer, double[]> updates = new TreeMap<>();
        Map<Integer, long[]> encoded = new TreeMap<>();
        double[] plain = new double[D];
        for (int id = 1; id <= 5; id++) {
            double[] update = randomUpdate(1.0);
            updates.put(id, update);
            encoded.put(id, fp.encode(update));
            for (int i = 0; i < D; i++) {
                plain[i] += update[i];
            }
        }

        Transcript t = InMemorySecAgg.run(params, encoded, Map.of());

        double[] decoded = fp.decode(t.sum());
        for (int i = 0; i < D; i++) {
            assertEquals(plain[i], decoded[i], fp.sumErrorBound(5) + 1e-12, "coordinate " + i);
        }
        assertEquals(Set.of(1, 2, 3, 4, 5), t.server().survivors());
        assertTrue(t.server().dropped().isEmpty());
        for (var entry : t.maskedInputs().entrySet()) {
            long[] y = entry.getValue().maskedVector();
            long[] x = encoded.get(entry.getKey());
            int equal = 0;
            for (int i = 0; i < D; i++) {
                equal += y[i] == x[i] ? 1 : 0;
            }
            assertEquals(0, equal, "client " + entry.getKey() + " leaked coordinates");
            // The encoding of a value in [-1, 1] at scale 2^59 has its top 4 bits all equal; a
            // masked word looks uniform: about half its bits set, top bit set about half the time.
            assertEquals(0.5, MaskPrgTest.onesFraction(y), 0.02);
            long topBitSet = java.util.Arrays.stream(y).filter(w -> w < 0).count();
            assertTrue(topBitSet > D * 0.4 && topBitSet < D * 0.6, "top bit set " + topBitSet + " of " + D);
        }
    }

    @Test
    void masksCancelExactly() {
        SecAggParameters params = new SecAggParameters("fed-a/2", 2, D);
        Map<Integer, long[]> zeros = new TreeMap<>();
        for (int id : new int[] {3, 8, 21, 40}) {
            zeros.put(id, new long[D]);
        }
        Transcript t = InMemorySecAgg.run(params, zeros, Map.of());
        assertArrayEquals(new long[D], t.sum());

        // The pairwise masks on their own: sum over ordered pairs of sign(u, v) * PRG(s_uv) is 0 mod 2^64.
        SecureRandom random = new SecureRandom();
        int[] ids = {3, 8, 21, 40};
        Map<Integer, PairwiseKeys.KeyPair> keys = new TreeMap<>();
        for (int id : ids) {
            keys.put(id, PairwiseKeys.generate(random));
        }
        long[] total = new long[D];
        for (int u : ids) {
            for (int v : ids) {
                if (u != v) {
                    byte[] seed = PairwiseKeys.deriveShared(keys.get(u).privateKey(), keys.get(v).publicKey(),
                            PairwiseKeys.Purpose.MASK_SEED, "fed-a/2", u, v);
                    MaskPrg.applyMask(total, seed, SecAggClient.pairwiseSign(u, v));
                }
            }
        }
        assertArrayEquals(new long[D], total);
    }

    @Test
    void twoOfSevenDropAfterSharingKeysTheSumOfTheOtherFiveIsRecovered() {
        int[] ids = {1, 2, 3, 4, 5, 6, 7};
        Map<Integer, long[]> inputs = randomEncodedInputs(ids);
        Transcript t = InMemorySecAgg.run(new SecAggParameters("fed-b/1", 4, D), inputs,
                Map.of(3, BEFORE_MASKED_INPUT, 6, BEFORE_MASKED_INPUT));

        assertEquals(Set.of(1, 2, 4, 5, 7), t.server().survivors());
        assertEquals(Set.of(3, 6), t.server().dropped());
        assertArrayEquals(InMemorySecAgg.plainSum(inputs, Set.of(1, 2, 4, 5, 7), D), t.sum());
        for (UnmaskingResponse response : t.responses()) {
            assertEquals(Set.of(3, 6), response.maskingKeyShares().keySet());
            assertEquals(Set.of(1, 2, 4, 5, 7), response.selfMaskSeedShares().keySet());
        }
    }

    @Test
    void dropoutsAtEveryPhaseAtOnce() {
        int[] ids = {10, 20, 30, 40, 50, 60, 70, 80};
        Map<Integer, long[]> inputs = randomEncodedInputs(ids);
        Transcript t = InMemorySecAgg.run(new SecAggParameters("fed-b/2", 4, D), inputs,
                Map.of(20, BEFORE_SHARES, 40, BEFORE_MASKED_INPUT, 60, BEFORE_UNMASKING, 80, BEFORE_UNMASKING));
        assertEquals(Set.of(10, 30, 40, 50, 60, 70, 80), t.server().shareHolders());
        assertEquals(Set.of(10, 30, 50, 60, 70, 80), t.server().survivors());
        // 60 and 80 sent masked inputs but not their unmasking responses: their updates are in the sum.
        assertArrayEquals(InMemorySecAgg.plainSum(inputs, Set.of(10, 30, 50, 60, 70, 80), D), t.sum());
        assertEquals(4, t.responses().size());
    }

    @Test
    void aLateClientIsTreatedAsDroppedAndItsLateInputStaysHidden() {
        int[] ids = {1, 2, 3, 4, 5, 6};
        Map<Integer, long[]> inputs = randomEncodedInputs(ids);
        Transcript t = InMemorySecAgg.run(new SecAggParameters("fed-c/1", 4, D), inputs, Map.of(2, LATE));

        assertEquals(1, t.refusedLateInputs().size());
        assertTrue(t.refusedLateInputs().get(0).getMessage().contains("after the collection closed"));
        assertEquals(Set.of(2), t.server().dropped());
        assertArrayEquals(InMemorySecAgg.plainSum(inputs, Set.of(1, 3, 4, 5, 6), D), t.sum());

        // Suppose the server kept the late y_2 anyway. With everything it saw it can rebuild s_2
        // and strip 2's pairwise masks, but no one revealed a share of b_2, so y_2 stays masked.
        for (UnmaskingResponse response : t.responses()) {
            assertFalse(response.selfMaskSeedShares().containsKey(2), "a share of b_2 was revealed");
        }
        List<Shamir.Share> keyShares = new ArrayList<>();
        for (UnmaskingResponse response : t.responses()) {
            keyShares.add(new Shamir.Share(response.clientId(), response.maskingKeyShares().get(2)));
        }
        PairwiseKeys.KeyPair s2 = PairwiseKeys.fromPrivateKey(Shamir.combineBytes(keyShares, 32));
        long[] y2 = t.lateInputs().get(2).maskedVector();
        for (AdvertisedKeys peer : t.keys()) {
            if (peer.clientId() == 2) {
                assertArrayEquals(peer.maskingPublicKey(), s2.publicKey(), "server did rebuild s_2");
                continue;
            }
            byte[] seed = PairwiseKeys.deriveShared(s2.privateKey(), peer.maskingPublicKey(),
                    PairwiseKeys.Purpose.MASK_SEED, "fed-c/1", 2, peer.clientId());
            MaskPrg.applyMask(y2, seed, -SecAggClient.pairwiseSign(2, peer.clientId()));
        }
        long[] x2 = inputs.get(2);
        int equal = 0;
        for (int i = 0; i < D; i++) {
            equal += y2[i] == x2[i] ? 1 : 0;
        }
        assertEquals(0, equal, "the late update is exposed");
        assertEquals(0.5, MaskPrgTest.onesFraction(y2), 0.02);
    }

    @Test
    void fewerThanThresholdSurvivorsIsRefusedWithAClearReason() {
        int[] ids = {1, 2, 3, 4, 5};
        Map<Integer, long[]> inputs = randomEncodedInputs(ids);
        SecAggException e = assertThrows(SecAggException.class, () -> InMemorySecAgg.run(
                new SecAggParameters("fed-d/1", 4, D), inputs, Map.of(1, BEFORE_MASKED_INPUT, 5, BEFORE_MASKED_INPUT)));
        assertTrue(e.getMessage().contains("only 3 clients sent a masked input"), e.getMessage());
        assertTrue(e.getMessage().contains("threshold t=4"), e.getMessage());
    }

    @Test
    void fewerThanThresholdUnmaskingResponsesIsRefused() {
        int[] ids = {1, 2, 3, 4, 5};
        Map<Integer, long[]> inputs = randomEncodedInputs(ids);
        SecAggException e = assertThrows(SecAggException.class, () -> InMemorySecAgg.run(
                new SecAggParameters("fed-d/2", 4, D), inputs, Map.of(1, BEFORE_UNMASKING, 5, BEFORE_UNMASKING)));
        assertTrue(e.getMessage().contains("only 3 survivors answered"), e.getMessage());
    }

    @Test
    void fewerThanThresholdKeySharersIsRefused() {
        int[] ids = {1, 2, 3};
        SecAggException e = assertThrows(SecAggException.class, () -> InMemorySecAgg.run(
                new SecAggParameters("fed-d/3", 3, D), randomEncodedInputs(ids), Map.of(2, BEFORE_SHARES)));
        assertTrue(e.getMessage().contains("only 2 clients shared keys"), e.getMessage());
    }

    @Test
    void aShareReplayedFromAnotherRoundDoesNotVerify() {
        SecureRandom random = new SecureRandom();
        SecAggParameters round1 = new SecAggParameters("fed-e/1", 2, 4);
        SecAggParameters round2 = new SecAggParameters("fed-e/2", 2, 4);
        Round r1 = Round.start(round1, random, 1, 2, 3);
        Round r2 = Round.start(round2, random, 1, 2, 3);
        // The server (or anyone on the path) relabels client 2's round-1 share to client 1 as round 2.
        EncryptedShare old = r1.inboxes.get(1).stream().filter(s -> s.from() == 2).findFirst().orElseThrow();
        List<EncryptedShare> forged = new ArrayList<>();
        for (EncryptedShare share : r2.inboxes.get(1)) {
            forged.add(share.from() == 2
                    ? new EncryptedShare("fed-e/2", old.from(), old.to(), old.nonce(), old.ciphertext())
                    : share);
        }
        SecAggException e = assertThrows(SecAggException.class,
                () -> r2.clients.get(1).maskInput(forged, new long[4]));
        assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
        // And a round-1 message is refused by round-2 parties on its label alone.
        assertThrows(SecAggException.class, () -> r2.clients.get(2).maskInput(r1.inboxes.get(2), new long[4]));
    }

    @Test
    void aClientNeverRevealsBothSharesOfOneClientAndAnswersOnlyOnce() {
        SecureRandom random = new SecureRandom();
        SecAggParameters params = new SecAggParameters("fed-f/1", 2, 4);
        Round round = Round.start(params, random, 1, 2, 3);
        for (int id = 1; id <= 3; id++) {
            round.clients.get(id).maskInput(round.inboxes.get(id), new long[4]);
        }
        SecAggClient client = round.clients.get(1);
        UnmaskingRequest overlapping = new UnmaskingRequest("fed-f/1", new TreeSet<>(Set.of(1, 2, 3)), new TreeSet<>(Set.of(3)));
        assertThrows(SecAggException.class, () -> round.clients.get(2).unmask(overlapping));

        UnmaskingRequest first = new UnmaskingRequest("fed-f/1", new TreeSet<>(Set.of(1, 2)), new TreeSet<>(Set.of(3)));
        UnmaskingResponse response = client.unmask(first);
        assertEquals(Set.of(3), response.maskingKeyShares().keySet());
        UnmaskingRequest second = new UnmaskingRequest("fed-f/1", new TreeSet<>(Set.of(1, 2, 3)), new TreeSet<>());
        SecAggException e = assertThrows(SecAggException.class, () -> client.unmask(second));
        assertTrue(e.getMessage().contains("already answered"), e.getMessage());
    }

    @Test
    void serverRejectsMalformedMessages() {
        SecAggParameters params = new SecAggParameters("fed-g/1", 2, 4);
        SecAggServer server = new SecAggServer(params);
        SecAggClient a = new SecAggClient(1, params, new SecureRandom());
        SecAggClient b = new SecAggClient(2, params, new SecureRandom());
        AdvertisedKeys ka = a.advertiseKeys();
        server.receiveKeys(ka);
        assertThrows(SecAggException.class, () -> server.receiveKeys(ka), "duplicate");
        server.receiveKeys(b.advertiseKeys());
        SecAggClient other = new SecAggClient(3, new SecAggParameters("fed-g/0", 2, 4), new SecureRandom());
        assertThrows(SecAggException.class, () -> server.receiveKeys(other.advertiseKeys()), "wrong round");
        List<AdvertisedKeys> keys = server.closeKeyAdvertisement();
        List<EncryptedShare> sharesA = a.shareKeys(keys);
        assertThrows(SecAggException.class, () -> server.receiveShares(1, List.of()), "must address every peer");
        server.receiveShares(1, sharesA);
        server.receiveShares(2, b.shareKeys(keys));
        Map<Integer, List<EncryptedShare>> inboxes = server.closeShareCollection();
        MaskedInput tooShort = new MaskedInput("fed-g/1", 1, new long[3]);
        assertThrows(SecAggException.class, () -> server.receiveMaskedInput(tooShort));
        assertThrows(IllegalArgumentException.class, () -> a.maskInput(inboxes.get(1), new long[5]));
    }

    @Test
    void reconstructedKeysAreCheckedAgainstAdvertisedKeys() {
        SecAggParameters params = new SecAggParameters("fed-h/1", 2, 4);
        Round round = Round.start(params, new SecureRandom(), 1, 2, 3);
        SecAggServer server = round.server;
        for (int id = 1; id <= 2; id++) {
            server.receiveMaskedInput(round.clients.get(id).maskInput(round.inboxes.get(id), new long[4]));
        }
        UnmaskingRequest request = server.closeMaskedInputCollection();
        UnmaskingResponse honest = round.clients.get(1).unmask(request);
        UnmaskingResponse lying = round.clients.get(2).unmask(request);
        TreeMap<Integer, BigInteger> wrong = new TreeMap<>(lying.maskingKeyShares());
        wrong.put(3, wrong.get(3).add(BigInteger.ONE));
        server.receiveUnmaskingResponse(honest);
        server.receiveUnmaskingResponse(new UnmaskingResponse("fed-h/1", 2, lying.selfMaskSeedShares(), wrong));
        SecAggException e = assertThrows(SecAggException.class, server::finish);
        assertTrue(e.getMessage().contains("does not match its advertised public key"), e.getMessage());
    }

    /** A round driven by hand up to the end of phase 1. */
    private record Round(SecAggServer server, Map<Integer, SecAggClient> clients,
                         Map<Integer, List<EncryptedShare>> inboxes) {
        static Round start(SecAggParameters params, SecureRandom random, int... ids) {
            SecAggServer server = new SecAggServer(params);
            Map<Integer, SecAggClient> clients = new TreeMap<>();
            for (int id : ids) {
                SecAggClient client = new SecAggClient(id, params, random);
                clients.put(id, client);
                server.receiveKeys(client.advertiseKeys());
            }
            List<AdvertisedKeys> keys = server.closeKeyAdvertisement();
            for (SecAggClient client : clients.values()) {
                server.receiveShares(client.id(), client.shareKeys(keys));
            }
            return new Round(server, clients, server.closeShareCollection());
        }
    }

    private double[] randomUpdate(double bound) {
        double[] update = new double[D];
        for (int i = 0; i < D; i++) {
            update[i] = (data.nextDouble() * 2 - 1) * bound;
        }
        return update;
    }

    private Map<Integer, long[]> randomEncodedInputs(int[] ids) {
        FixedPoint fp = new FixedPoint(0x1p32, 10.0, 1000);
        Map<Integer, long[]> inputs = new TreeMap<>();
        for (int id : ids) {
            inputs.put(id, fp.encode(randomUpdate(10.0)));
        }
        return inputs;
    }
}
