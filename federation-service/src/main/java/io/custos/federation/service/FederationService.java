package io.custos.federation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.crypto.Ed25519PublicKey;
import io.custos.crypto.Sha256;
import io.custos.federated.dp.AdaptiveClipping;
import io.custos.federation.domain.ClientDpSettings;
import io.custos.federation.domain.FeatureDefinition;
import io.custos.federation.domain.Federation;
import io.custos.federation.domain.FederationClient;
import io.custos.federation.rest.ClientRegistrationRequest;
import io.custos.federation.rest.FederationRequest;
import io.custos.federation.rest.FederationRequest.FeatureSpecRequest;
import io.custos.federation.rest.FederationView;
import io.custos.service.problem.Problem;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Creates federations and registers their clients, always within the caller's tenant.
 * Every rule is checked before anything is written; a violation is a 400 naming the field.
 */
@ApplicationScoped
public class FederationService {

    public static final int MAX_CLIENTS_LIMIT = 1000;
    public static final int MAX_CATEGORY_LENGTH = 256;

    private static final TypeReference<List<FeatureDefinition>> FEATURES = new TypeReference<>() {
    };

    @Inject
    ObjectMapper json;

    @Transactional
    public Federation create(FederationRequest request, String tenant, String caller) {
        int maxClients = request.maxClients() != null ? request.maxClients()
                : Math.max(FederationRequest.DEFAULT_MAX_CLIENTS, request.minClients());
        List<FeatureDefinition> features = checkCrossFields(request, maxClients);
        ClientDpSettings dp = clientDp(request);
        if (Federation.nameTaken(tenant, request.name())) {
            throw nameConflict(request.name());
        }
        Federation f = new Federation();
        f.id = UUID.randomUUID();
        f.tenant = tenant;
        f.name = request.name();
        f.modelType = request.modelType();
        f.featureSchema = writeJson(features);
        f.target = request.target();
        f.rounds = request.rounds();
        f.minClients = request.minClients();
        f.maxClients = maxClients;
        f.roundTimeoutSeconds = Optional.ofNullable(request.roundTimeoutSeconds())
                .orElse(FederationRequest.DEFAULT_ROUND_TIMEOUT_SECONDS);
        f.strategy = Optional.ofNullable(request.strategy()).orElse(FederationRequest.DEFAULT_STRATEGY);
        f.localEpochs = Optional.ofNullable(request.localEpochs()).orElse(FederationRequest.DEFAULT_LOCAL_EPOCHS);
        f.positiveClass = request.positiveClass();
        f.hiddenUnits = "mlp".equals(request.modelType())
                ? Optional.ofNullable(request.hiddenUnits()).orElse(FederationRequest.DEFAULT_HIDDEN_UNITS) : 0;
        f.learningRate = Optional.ofNullable(request.learningRate()).orElse(FederationRequest.DEFAULT_LEARNING_RATE);
        f.batchSize = Optional.ofNullable(request.batchSize()).orElse(FederationRequest.DEFAULT_BATCH_SIZE);
        f.l2 = Optional.ofNullable(request.l2()).orElse(0.0);
        f.maxSamplesPerClient = Optional.ofNullable(request.maxSamplesPerClient())
                .orElse(FederationRequest.DEFAULT_MAX_SAMPLES_PER_CLIENT);
        f.serverClipNorm = request.serverClipNorm();
        f.trimFraction = Optional.ofNullable(request.trimFraction()).orElse(FederationRequest.DEFAULT_TRIM_FRACTION);
        f.byzantineClients = Optional.ofNullable(request.byzantineClients()).orElse(0);
        f.multiKrumSelect = "multi-krum".equals(f.strategy)
                ? Optional.ofNullable(request.multiKrumSelect()).orElse(1) : null;
        f.clientDp = dp == null ? null : writeJson(dp);
        f.dpClipNorm = dp == null ? null : dp.clipNorm();
        f.secureAggregation = Boolean.TRUE.equals(request.secureAggregation());
        f.status = Federation.Status.CREATED.name();
        f.createdBy = caller;
        f.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        try {
            f.persistAndFlush();
        } catch (PersistenceException e) {
            // A concurrent request took the name between the check and the insert.
            if ("federations_tenant_name".equals(violatedConstraint(e))) {
                throw nameConflict(request.name());
            }
            throw e;
        }
        return f;
    }

    public List<Federation> list(String tenant) {
        return Federation.listForTenant(tenant);
    }

    public Federation get(String id, String tenant) {
        return Ids.parse(id).flatMap(uuid -> Federation.findForTenant(uuid, tenant))
                .orElseThrow(() -> ProblemException.notFound("federation", id));
    }

    @Transactional
    public FederationClient register(String federationId, ClientRegistrationRequest request, String tenant,
            String caller) {
        // Locks the federation row: registrations to one federation are serialised, so the
        // maxClients limit and the uniqueness checks below cannot race.
        Federation f = Ids.parse(federationId).flatMap(uuid -> Federation.findForTenantForUpdate(uuid, tenant))
                .orElseThrow(() -> ProblemException.notFound("federation", federationId));
        if (!Federation.Status.CREATED.name().equals(f.status)) {
            // DP-FedAvg's denominator and every round's invitation list are fixed at the start.
            throw ProblemException.conflict("federation " + f.name + " is " + f.status
                    + "; clients can only be registered before it starts");
        }
        Ed25519PublicKey key;
        try {
            key = Ed25519PublicKey.parse(request.publicKey());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("publicKey", e.getMessage());
        }
        String fingerprint = Sha256.hex(key.spkiDer());
        checkClientConflicts(f, tenant, request.clientName(), fingerprint);
        if (FederationClient.countFor(f.id, tenant) >= f.maxClients) {
            throw ProblemException.conflict("federation " + f.name + " already has its maximum of " + f.maxClients
                    + " clients (maxClients)");
        }
        FederationClient c = new FederationClient();
        c.id = UUID.randomUUID();
        c.tenant = tenant;
        c.federationId = f.id;
        c.clientName = request.clientName();
        c.publicKey = java.util.Base64.getEncoder().encodeToString(key.spkiDer());
        c.keyFingerprint = fingerprint;
        c.registeredBy = caller;
        c.registeredAt = OffsetDateTime.now(ZoneOffset.UTC);
        c.persistAndFlush();
        return c;
    }

    public List<FederationClient> clients(String federationId, String tenant) {
        Federation f = get(federationId, tenant);
        return FederationClient.listFor(f.id, tenant);
    }

    public FederationClient client(String federationId, String clientId, String tenant) {
        Federation f = get(federationId, tenant);
        return Ids.parse(clientId).flatMap(uuid -> FederationClient.findInFederation(f.id, uuid, tenant))
                .orElseThrow(() -> ProblemException.notFound("client", clientId));
    }

    public FederationView view(Federation f) {
        return new FederationView(f.id.toString(), f.name, f.modelType, features(f), f.target, f.positiveClass,
                f.rounds, f.minClients, f.maxClients, f.roundTimeoutSeconds, f.strategy, f.localEpochs,
                f.hiddenUnits == 0 ? null : f.hiddenUnits, f.learningRate, f.batchSize, f.l2, f.maxSamplesPerClient,
                f.serverClipNorm, "trimmed-mean".equals(f.strategy) ? f.trimFraction : null,
                f.strategy.contains("krum") ? f.byzantineClients : null, f.multiKrumSelect, clientDp(f),
                f.status, f.currentRound, f.createdBy, f.createdAt, f.startedBy, f.startedAt, f.finishedAt,
                f.failureReason, f.finalModelSha256, f.secureAggregation);
    }

    /** The plan a federation trains by. */
    public TrainingPlan plan(Federation f) {
        return new TrainingPlan(f, features(f), clientDp(f));
    }

    public List<FeatureDefinition> features(Federation f) {
        try {
            return json.readValue(f.featureSchema, FEATURES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored feature schema is not valid JSON", e);
        }
    }

    public ClientDpSettings clientDp(Federation f) {
        if (f.clientDp == null) {
            return null;
        }
        try {
            return json.readValue(f.clientDp, ClientDpSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored client DP settings are not valid JSON", e);
        }
    }

    /** The rules that span fields; all violations are reported together. */
    private static List<FeatureDefinition> checkCrossFields(FederationRequest r, int maxClients) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (maxClients < r.minClients()) {
            errors.add(new Problem.FieldError("maxClients", "must be between minClients (" + r.minClients()
                    + ") and " + MAX_CLIENTS_LIMIT));
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        List<FeatureDefinition> features = new ArrayList<>();
        for (int i = 0; i < r.featureSchema().size(); i++) {
            FeatureSpecRequest spec = r.featureSchema().get(i);
            String at = "featureSchema[" + i + "]";
            if (spec == null) {
                errors.add(new Problem.FieldError(at, "must be a feature object {name, kind, categories}"));
                continue;
            }
            Integer previous = firstIndex.putIfAbsent(spec.name(), i);
            if (previous != null) {
                errors.add(new Problem.FieldError(at + ".name", "duplicate feature name '" + spec.name()
                        + "' (already featureSchema[" + previous + "]); feature names must be unique"));
            }
            List<String> categories = null;
            if (spec.categories() != null) {
                for (int j = 0; j < spec.categories().size(); j++) {
                    String category = spec.categories().get(j);
                    if (category == null || category.isBlank()) {
                        errors.add(new Problem.FieldError(at + ".categories[" + j + "]", "must not be blank"));
                    } else if (category.length() > MAX_CATEGORY_LENGTH) {
                        errors.add(new Problem.FieldError(at + ".categories[" + j + "]",
                                "must be at most " + MAX_CATEGORY_LENGTH + " characters"));
                    }
                }
            }
            if ("categorical".equals(spec.kind())) {
                Set<String> distinct = spec.categories() == null ? Set.of() : new LinkedHashSet<>(spec.categories());
                if (distinct.size() < 2) {
                    errors.add(new Problem.FieldError(at + ".categories",
                            "a categorical feature needs at least 2 distinct categories"));
                } else if (distinct.size() != spec.categories().size()) {
                    errors.add(new Problem.FieldError(at + ".categories", "categories must be distinct"));
                }
                categories = spec.categories() == null ? List.of() : new ArrayList<>(spec.categories());
            } else if (spec.categories() != null && !spec.categories().isEmpty()) {
                errors.add(new Problem.FieldError(at + ".categories",
                        "only categorical features take categories; remove them or set kind to categorical"));
            }
            if ("numeric".equals(spec.kind())) {
                if (spec.lower() == null || spec.upper() == null) {
                    errors.add(new Problem.FieldError(at, "a numeric feature needs public bounds lower and upper"
                            + " (every site clips and scales to them; they are not computed from any site's data)"));
                } else if (!Double.isFinite(spec.lower()) || !Double.isFinite(spec.upper())
                        || !(spec.lower() < spec.upper()) || !Double.isFinite(spec.upper() - spec.lower())) {
                    errors.add(new Problem.FieldError(at + ".upper", "bounds must be finite with lower < upper, were ["
                            + spec.lower() + ", " + spec.upper() + "]"));
                }
            } else if (spec.lower() != null || spec.upper() != null) {
                errors.add(new Problem.FieldError(at, "only numeric features take lower and upper bounds"));
            }
            features.add(new FeatureDefinition(spec.name(), spec.kind(), spec.lower(), spec.upper(), categories));
        }
        if (firstIndex.containsKey(r.target())) {
            errors.add(new Problem.FieldError("target", "must not be one of the features (it is featureSchema["
                    + firstIndex.get(r.target()) + "])"));
        }
        checkStrategyFields(r, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return features;
    }

    /** Strategy and model parameters only make sense with their strategy or model; Krum needs enough clients. */
    private static void checkStrategyFields(FederationRequest r, List<Problem.FieldError> errors) {
        String strategy = Optional.ofNullable(r.strategy()).orElse(FederationRequest.DEFAULT_STRATEGY);
        if (r.hiddenUnits() != null && !"mlp".equals(r.modelType())) {
            errors.add(new Problem.FieldError("hiddenUnits", "only mlp models have hidden units"));
        }
        if (r.trimFraction() != null && !"trimmed-mean".equals(strategy)) {
            errors.add(new Problem.FieldError("trimFraction", "only the trimmed-mean strategy takes a trim fraction"));
        }
        if (r.byzantineClients() != null && !strategy.contains("krum")) {
            errors.add(new Problem.FieldError("byzantineClients", "only krum and multi-krum take byzantineClients"));
        }
        if (r.multiKrumSelect() != null && !"multi-krum".equals(strategy)) {
            errors.add(new Problem.FieldError("multiKrumSelect", "only multi-krum takes multiKrumSelect"));
        }
        if (strategy.contains("krum") && r.minClients() != null) {
            int f = Optional.ofNullable(r.byzantineClients()).orElse(0);
            if (r.minClients() < 2 * f + 3) {
                errors.add(new Problem.FieldError("minClients", "Krum with byzantineClients=" + f
                        + " needs at least 2f+3 = " + (2 * f + 3) + " updates per round; minClients must be >= "
                        + (2 * f + 3)));
            }
            int m = Optional.ofNullable(r.multiKrumSelect()).orElse(1);
            if (r.minClients() < m + f) {
                errors.add(new Problem.FieldError("multiKrumSelect", "must be at most minClients - byzantineClients ("
                        + (r.minClients() - f) + ")"));
            }
        }
        if (Boolean.TRUE.equals(r.secureAggregation())) {
            if (!"fedavg".equals(strategy)) {
                errors.add(new Problem.FieldError("secureAggregation", "secure aggregation needs strategy fedavg:"
                        + " the server only learns the sum of the updates, which " + strategy + " cannot use"));
            }
        }
        if (r.clientDp() != null) {
            if (!"fedavg".equals(strategy)) {
                errors.add(new Problem.FieldError("clientDp", "client-level DP (DP-FedAvg) needs strategy fedavg: the"
                        + " accountant's bound is for the clipped, noised average"));
            }
            if (r.serverClipNorm() != null) {
                errors.add(new Problem.FieldError("serverClipNorm", "with clientDp, updates are clipped to"
                        + " clientDp.clipNorm; remove serverClipNorm"));
            }
        }
    }

    /** The DP-FedAvg settings, with defaults, checked as the library will use them. */
    private static ClientDpSettings clientDp(FederationRequest r) {
        FederationRequest.ClientDpRequest dp = r.clientDp();
        if (dp == null) {
            return null;
        }
        FederationRequest.AdaptiveClippingRequest a = dp.adaptiveClipping();
        if ((dp.clipNorm() == null) == (a == null)) {
            throw ProblemException.badRequest("clientDp.clipNorm",
                    "give exactly one of clientDp.clipNorm (fixed clipping) and clientDp.adaptiveClipping");
        }
        double q = Optional.ofNullable(dp.samplingRate()).orElse(1.0);
        if (a == null) {
            return new ClientDpSettings(dp.noiseMultiplier(), dp.clipNorm(), null, q, dp.delta());
        }
        if (a.bitNoiseStd() == null) {
            throw ProblemException.badRequest("clientDp.adaptiveClipping.bitNoiseStd", "is required: the noise std on"
                    + " the count of clipped updates (Andrew et al. suggest expected clients per round / 20)");
        }
        AdaptiveClipping adaptive;
        try {
            adaptive = new AdaptiveClipping(Optional.ofNullable(a.targetQuantile()).orElse(0.5),
                    Optional.ofNullable(a.learningRate()).orElse(0.2), a.bitNoiseStd(), a.initialClipNorm());
            adaptive.updateNoiseMultiplier(dp.noiseMultiplier());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("clientDp.adaptiveClipping.bitNoiseStd", "must exceed noiseMultiplier / 2"
                    + " (" + dp.noiseMultiplier() / 2 + ") so the update keeps part of the noise budget: "
                    + e.getMessage());
        }
        return new ClientDpSettings(dp.noiseMultiplier(), a.initialClipNorm(),
                new ClientDpSettings.Adaptive(adaptive.targetQuantile(), adaptive.learningRate(),
                        adaptive.bitNoiseStd()), q, dp.delta());
    }

    private static void checkClientConflicts(Federation f, String tenant, String clientName, String fingerprint) {
        if (FederationClient.byName(f.id, tenant, clientName).isPresent()) {
            throw ProblemException.conflict("a client named " + clientName + " is already registered in federation "
                    + f.name);
        }
        Optional<FederationClient> sameKey = FederationClient.byFingerprint(f.id, tenant, fingerprint);
        if (sameKey.isPresent()) {
            throw ProblemException.conflict("this public key (SHA-256 " + fingerprint + ") is already registered as client "
                    + sameKey.get().clientName + " in federation " + f.name + "; every client needs its own key");
        }
    }

    private static String violatedConstraint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve) {
                return cve.getConstraintName();
            }
        }
        return null;
    }

    private static ProblemException nameConflict(String name) {
        return ProblemException.conflict("a federation named " + name + " already exists");
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
