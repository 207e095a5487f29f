package io.custos.federated.secagg;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.custos.federated.secagg.SecAggMessages.AdvertisedKeys;
import io.custos.federated.secagg.SecAggMessages.EncryptedShare;
import io.custos.federated.secagg.SecAggMessages.MaskedInput;
import io.custos.federated.secagg.SecAggMessages.UnmaskingRequest;
import io.custos.federated.secagg.SecAggMessages.UnmaskingResponse;

/**
 * Runs one round of SecAgg in memory, with clients dropping at chosen points, and records
 * everything the server saw.
 */
final class InMemorySecAgg {

    /** When a client stops talking (or, for {@link #LATE}, when its masked input arrives). */
    enum Dropout { NONE, BEFORE_SHARES, BEFORE_MASKED_INPUT, LATE, BEFORE_UNMASKING }

    /** The server's view of the round, plus its output. */
    record Transcript(SecAggServer server, Map<Integer, SecAggClient> clients, List<AdvertisedKeys> keys,
                      Map<Integer, MaskedInput> maskedInputs, Map<Integer, MaskedInput> lateInputs,
                      UnmaskingRequest request, List<UnmaskingResponse> responses,
                      List<SecAggException> refusedLateInputs, long[] sum) {
    }

    private InMemorySecAgg() {
    }

    static Transcript run(SecAggParameters params, Map<Integer, long[]> inputs, Map<Integer, Dropout> dropouts) {
        SecureRandom random = new SecureRandom();
        SecAggServer server = new SecAggServer(params);
        Map<Integer, SecAggClient> clients = new TreeMap<>();
        for (int id : inputs.keySet()) {
            clients.put(id, new SecAggClient(id, params, random));
        }
        for (SecAggClient client : clients.values()) {
            server.receiveKeys(client.advertiseKeys());
        }
        List<AdvertisedKeys> keys = server.closeKeyAdvertisement();

        for (SecAggClient client : clients.values()) {
            List<EncryptedShare> shares = client.shareKeys(keys);
            if (dropout(dropouts, client) != Dropout.BEFORE_SHARES) {
                server.receiveShares(client.id(), shares);
            }
        }
        Map<Integer, List<EncryptedShare>> inboxes = server.closeShareCollection();

        Map<Integer, MaskedInput> masked = new TreeMap<>();
        Map<Integer, MaskedInput> late = new TreeMap<>();
        for (var entry : inboxes.entrySet()) {
            SecAggClient client = clients.get(entry.getKey());
            MaskedInput input = client.maskInput(entry.getValue(), inputs.get(client.id()));
            switch (dropout(dropouts, client)) {
                case BEFORE_MASKED_INPUT -> { }
                case LATE -> late.put(client.id(), input);
                default -> {
                    server.receiveMaskedInput(input);
                    masked.put(client.id(), input);
                }
            }
        }
        UnmaskingRequest request = server.closeMaskedInputCollection();

        List<SecAggException> refused = new ArrayList<>();
        for (MaskedInput input : late.values()) {
            try {
                server.receiveMaskedInput(input);
            } catch (SecAggException e) {
                refused.add(e);
            }
        }

        List<UnmaskingResponse> responses = new ArrayList<>();
        for (int survivor : request.survivors()) {
            SecAggClient client = clients.get(survivor);
            UnmaskingResponse response = client.unmask(request);
            if (dropout(dropouts, client) != Dropout.BEFORE_UNMASKING) {
                server.receiveUnmaskingResponse(response);
                responses.add(response);
            }
        }
        long[] sum = server.finish();
        return new Transcript(server, clients, keys, masked, late, request, responses, refused, sum);
    }

    private static Dropout dropout(Map<Integer, Dropout> dropouts, SecAggClient client) {
        return dropouts.getOrDefault(client.id(), Dropout.NONE);
    }

    static long[] plainSum(Map<Integer, long[]> inputs, Set<Integer> included, int d) {
        long[] sum = new long[d];
        for (int id : included) {
            long[] x = inputs.get(id);
            for (int i = 0; i < d; i++) {
                sum[i] += x[i];
            }
        }
        return sum;
    }
}
