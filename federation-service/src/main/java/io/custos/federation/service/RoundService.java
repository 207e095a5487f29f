package io.custos.federation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.federated.dp.ClientSampling;
import io.custos.federation.domain.Federation;
import io.custos.federation.domain.FederationClient;
import io.custos.federation.domain.FederationRound;
import io.custos.ml.noise.SecureRandomSource;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Starts federations and opens their rounds. A round invites every registered client, or with
 * client-level DP a Poisson sample of them (each independently with probability q, as the
 * accountant assumes: never topped up or resampled).
 */
@ApplicationScoped
public class RoundService {

    private static final TypeReference<List<String>> IDS = new TypeReference<>() {
    };

    @Inject
    FederationService federations;

    @Inject
    GlobalModels models;

    @Inject
    ObjectMapper json;

    @Inject
    SecureAggregation secureAggregation;

    /** Opens round 1 from a data-independent initial model. */
    @Transactional
    public Federation start(String federationId, String tenant, String caller) {
        Federation f = Ids.parse(federationId).flatMap(id -> Federation.findForTenantForUpdate(id, tenant))
                .orElseThrow(() -> ProblemException.notFound("federation", federationId));
        if (!Federation.Status.CREATED.name().equals(f.status)) {
            throw ProblemException.conflict("federation " + f.name + " is already " + f.status);
        }
        long clients = FederationClient.countFor(f.id, tenant);
        if (clients < f.minClients) {
            throw ProblemException.conflict("federation " + f.name + " has " + clients + " registered client"
                    + (clients == 1 ? "" : "s") + "; it needs at least minClients=" + f.minClients + " to start");
        }
        TrainingPlan plan = federations.plan(f);
        // Initial parameters depend on nothing but the model's shape (and secure randomness).
        double[] initial = plan.model().initialParameters(new SecureRandomSource());
        String sha = models.store(f, plan, initial, null, null);
        f.status = Federation.Status.RUNNING.name();
        f.startedBy = caller;
        f.startedAt = now();
        openRound(f, 1, sha);
        return f;
    }

    /** Opens round {@code number} of a running federation, starting from the model {@code modelSha256}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public FederationRound openRound(Federation f, int number, String modelSha256) {
        List<String> population = FederationClient.listFor(f.id, f.tenant).stream().map(c -> c.id.toString()).toList();
        List<String> invited = federations.plan(f).clientDp()
                .map(dp -> new ClientSampling(dp.samplingRate()).<String>sample(population))
                .orElse(population);
        FederationRound r = new FederationRound();
        r.id = UUID.randomUUID();
        r.tenant = f.tenant;
        r.federationId = f.id;
        r.number = number;
        r.status = FederationRound.Status.WAITING.name();
        r.openedAt = now();
        r.deadline = r.openedAt.plusSeconds(f.roundTimeoutSeconds);
        r.modelSha256 = modelSha256;
        r.participants = write(invited);
        r.expectedClients = invited.size();
        if (f.secureAggregation) {
            secureAggregation.setUp(f, r, federations.plan(f));
        }
        r.persist();
        f.currentRound = number;
        return r;
    }

    public List<FederationRound> rounds(Federation f) {
        return FederationRound.listFor(f.id, f.tenant);
    }

    /** The open round, else the last one. */
    public FederationRound current(Federation f) {
        if (f.currentRound == 0) {
            throw ProblemException.notFound("round of federation", f.id + " (it has not started)");
        }
        return FederationRound.byNumber(f.id, f.currentRound)
                .orElseThrow(() -> new IllegalStateException("round " + f.currentRound + " of " + f.id + " is missing"));
    }

    public FederationRound get(String roundId, String tenant) {
        return Ids.parse(roundId).flatMap(id -> FederationRound.findForTenant(id, tenant))
                .orElseThrow(() -> ProblemException.notFound("round", roundId));
    }

    public List<String> participants(FederationRound r) {
        try {
            return json.readValue(r.participants, IDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored participants are not valid JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
