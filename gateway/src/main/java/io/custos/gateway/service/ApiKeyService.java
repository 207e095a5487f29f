package io.custos.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.gateway.domain.ApiKey;
import io.custos.gateway.domain.ApiKeyRepository;
import io.custos.gateway.service.ApiKeyValidator.ValidApiKey;
import io.custos.service.problem.Problem.FieldError;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.Ids;
import io.custos.service.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * API keys of machines: an admin creates one in their own tenant (the key is shown once), lists
 * and revokes them; the machine exchanges its key for a short-lived access token
 * ({@code sub} = {@code apikey:<id>}). Every admin operation is scoped to the caller's tenant.
 */
@ApplicationScoped
public class ApiKeyService {

    /** The one answer to every key that cannot be exchanged, so it does not tell which case it was. */
    public static final String INVALID_API_KEY = "invalid API key: it is unknown, malformed, expired or revoked";

    /** Claims of a key bound to a federated client: the federation and the client (string UUIDs). */
    public static final String FEDERATION_CLAIM = "custos_federation";
    public static final String CLIENT_CLAIM = "custos_client";

    public static final String SUBJECT_PREFIX = "apikey:";

    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);

    private final ApiKeyRepository keys;
    private final TokenIssuer issuer;
    private final Clock clock;

    public ApiKeyService(ApiKeyRepository keys, TokenIssuer issuer, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** What an admin asks for; {@code expiresInDays} is the raw JSON value (validated strictly). */
    public record NewApiKey(String name, List<String> roles, String federationId, String clientId,
            JsonNode expiresInDays) {
    }

    /** The answer to a create: the only time {@code apiKey} is ever shown. */
    public record CreatedApiKey(UUID id, String name, String prefix, List<String> roles, UUID federationId,
            UUID clientId, Instant createdAt, Instant expiresAt, String apiKey) {
        @Override
        public String toString() {
            return "CreatedApiKey[" + id + ", " + name + ", " + prefix + "]"; // never the key
        }
    }

    /** A key as listings show it: never the key, nor its hash. {@code status}: active, expired or revoked. */
    public record ApiKeyView(UUID id, String name, String prefix, List<String> roles, UUID federationId,
            UUID clientId, String status, String createdBy, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
            Instant revokedAt, String revokedBy) {
        static ApiKeyView of(ApiKey k, Instant now) {
            String status = k.revokedAt != null ? "revoked" : k.expiredAt(now) ? "expired" : "active";
            return new ApiKeyView(k.id, k.name, k.keyPrefix, k.roleList(), k.federationId, k.clientId, status,
                    k.createdBy, k.createdAt, k.expiresAt, k.lastUsedAt, k.revokedAt, k.revokedBy);
        }
    }

    public CreatedApiKey create(Caller caller, NewApiKey request) {
        ValidApiKey valid = ApiKeyValidator.validate(request.name(), request.roles(), request.federationId(),
                request.clientId(), request.expiresInDays());
        String tenant = caller.tenant();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what the database keeps, so GET shows the same
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.tenant = tenant;
        key.name = valid.name();
        key.roles = valid.roles().toArray(String[]::new);
        key.federationId = valid.federationId();
        key.clientId = valid.clientId();
        key.createdBy = caller.subject();
        key.createdAt = now;
        key.expiresAt = valid.expiresInDays() == null ? null : now.plus(Duration.ofDays(valid.expiresInDays()));
        ApiKeys.Generated generated;
        try {
            generated = QuarkusTransaction.requiringNew().call(() -> {
                if (keys.liveNameTaken(tenant, key.name)) {
                    throw nameTaken(key.name);
                }
                ApiKeys.Generated g = ApiKeys.generate();
                while (keys.prefixTaken(g.prefix())) {
                    g = ApiKeys.generate();
                }
                key.keyPrefix = g.prefix();
                key.secretHash = ApiKeys.hash(g.apiKey());
                keys.persist(key);
                return g;
            });
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) { // e.g. a concurrent create of the same name failed the commit
            if (QuarkusTransaction.requiringNew().call(() -> keys.liveNameTaken(tenant, key.name))) {
                throw nameTaken(key.name);
            }
            throw e;
        }
        LOG.infof("API key %s (%s) created in tenant %s with roles %s by %s", key.name, key.keyPrefix, tenant,
                key.roleList(), key.createdBy);
        return new CreatedApiKey(key.id, key.name, key.keyPrefix, key.roleList(), key.federationId, key.clientId,
                key.createdAt, key.expiresAt, generated.apiKey());
    }

    public List<ApiKeyView> list(Caller caller) {
        String tenant = caller.tenant();
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> keys.listInTenant(tenant)).stream()
                .map(k -> ApiKeyView.of(k, now)).toList();
    }

    /** Another tenant's key, or a path id that is not a UUID, is not found: its existence is not disclosed. */
    public ApiKeyView get(Caller caller, String id) {
        String tenant = caller.tenant();
        ApiKey key = QuarkusTransaction.requiringNew().call(() -> find(tenant, id));
        return ApiKeyView.of(key, clock.instant());
    }

    /** Revokes a key; the row stays for the audit trail. Revoking again keeps the first revocation. */
    public void revoke(Caller caller, String id) {
        String tenant = caller.tenant();
        Instant now = clock.instant();
        ApiKey revoked = QuarkusTransaction.requiringNew().call(() -> {
            ApiKey key = find(tenant, id);
            if (key.revokedAt != null) {
                return null;
            }
            key.revokedAt = now;
            key.revokedBy = caller.subject();
            return key;
        });
        if (revoked != null) {
            LOG.infof("API key %s (%s) revoked in tenant %s by %s", revoked.name, revoked.keyPrefix, tenant,
                    revoked.revokedBy);
        }
    }

    /**
     * Exchanges a key for an access token. Unknown, malformed, expired and revoked keys all get the
     * same 401. Tokens already issued stay valid until they expire (access-token lifetime).
     */
    public TokenIssuer.AccessToken exchange(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw ProblemException.validation(List.of(new FieldError("apiKey", "is required")));
        }
        String prefix = ApiKeys.prefixOf(apiKey).orElseThrow(ApiKeyService::invalidKey);
        String presentedHash = ApiKeys.hash(apiKey);
        Instant now = clock.instant();
        ApiKey key = QuarkusTransaction.requiringNew().call(() -> {
            ApiKey row = keys.findByPrefix(prefix).orElse(null);
            if (row == null || !ApiKeys.hashesMatch(presentedHash, row.secretHash) || !row.usableAt(now)) {
                return null;
            }
            row.lastUsedAt = now;
            return row;
        });
        if (key == null) {
            throw invalidKey();
        }
        return issuer.issue(SUBJECT_PREFIX + key.id, key.name, key.tenant, key.roleList(), bindingClaims(key));
    }

    private static Map<String, String> bindingClaims(ApiKey key) {
        Map<String, String> claims = new LinkedHashMap<>();
        if (key.federationId != null) {
            claims.put(FEDERATION_CLAIM, key.federationId.toString());
        }
        if (key.clientId != null) {
            claims.put(CLIENT_CLAIM, key.clientId.toString());
        }
        return claims;
    }

    private ApiKey find(String tenant, String id) {
        return Ids.parse(id).flatMap(uuid -> keys.findInTenant(tenant, uuid))
                .orElseThrow(() -> ProblemException.notFound("API key", id));
    }

    private static ProblemException invalidKey() {
        return ProblemException.unauthorized(INVALID_API_KEY);
    }

    private static ProblemException nameTaken(String name) {
        return new ProblemException(409, "api-key-name-taken", "API key name taken",
                "An active API key named '" + name + "' already exists in this tenant; choose another name or revoke it first.",
                List.of(new FieldError("name", "is already used by an active key of this tenant")));
    }
}
