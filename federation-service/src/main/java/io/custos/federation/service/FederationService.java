package io.custos.federation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.crypto.Ed25519PublicKey;
import io.custos.crypto.Sha256;
import io.custos.events.FeatureSpec;
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

    private static final TypeReference<List<FeatureSpec>> FEATURES = new TypeReference<>() {
    };

    @Inject
    ObjectMapper json;

    @Transactional
    public Federation create(FederationRequest request, String tenant, String caller) {
        int maxClients = request.maxClients() != null ? request.maxClients()
                : Math.max(FederationRequest.DEFAULT_MAX_CLIENTS, request.minClients());
        List<FeatureSpec> features = checkCrossFields(request, maxClients);
        if (Federation.nameTaken(tenant, request.name())) {
            throw nameConflict(request.name());
        }
        Federation f = new Federation();
        f.id = UUID.randomUUID();
        f.tenant = tenant;
        f.name = request.name();
        f.modelType = request.modelType();
        f.featureSchema = write(features);
        f.target = request.target();
        f.rounds = request.rounds();
        f.minClients = request.minClients();
        f.maxClients = maxClients;
        f.roundTimeoutSeconds = Optional.ofNullable(request.roundTimeoutSeconds())
                .orElse(FederationRequest.DEFAULT_ROUND_TIMEOUT_SECONDS);
        f.strategy = Optional.ofNullable(request.strategy()).orElse(FederationRequest.DEFAULT_STRATEGY);
        f.localEpochs = Optional.ofNullable(request.localEpochs()).orElse(FederationRequest.DEFAULT_LOCAL_EPOCHS);
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
        return new FederationView(f.id.toString(), f.name, f.modelType, read(f.featureSchema), f.target, f.rounds,
                f.minClients, f.maxClients, f.roundTimeoutSeconds, f.strategy, f.localEpochs, f.status, f.createdBy,
                f.createdAt);
    }

    /** The rules that span fields; all violations are reported together. */
    private static List<FeatureSpec> checkCrossFields(FederationRequest r, int maxClients) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (maxClients < r.minClients()) {
            errors.add(new Problem.FieldError("maxClients", "must be between minClients (" + r.minClients()
                    + ") and " + MAX_CLIENTS_LIMIT));
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        List<FeatureSpec> features = new ArrayList<>();
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
            features.add(new FeatureSpec(spec.name(), spec.kind(), categories));
        }
        if (firstIndex.containsKey(r.target())) {
            errors.add(new Problem.FieldError("target", "must not be one of the features (it is featureSchema["
                    + firstIndex.get(r.target()) + "])"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return features;
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

    private String write(List<FeatureSpec> features) {
        try {
            return json.writeValueAsString(features);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<FeatureSpec> read(String features) {
        try {
            return json.readValue(features, FEATURES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored feature schema is not valid JSON", e);
        }
    }
}
