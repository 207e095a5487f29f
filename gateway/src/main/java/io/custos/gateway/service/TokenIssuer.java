package io.custos.gateway.service;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Signs short-lived RS256 access tokens: {@code iss}, {@code sub} (user id), {@code upn}
 * (username), {@code groups} (roles), {@code tenant}, {@code iat}, {@code exp}, {@code jti}, and
 * the key id in the header so services pick the right key from the JWKS. Callers may add claims
 * of their own (an API key's federation binding) but never replace these.
 */
public final class TokenIssuer {

    /** Claims the issuer sets itself; extra claims may not override them. */
    private static final Set<String> RESERVED_CLAIMS = Set.of("iss", "sub", "upn", "preferred_username", "groups",
            "tenant", "jti", "iat", "exp", "nbf", "aud");

    private final PrivateKey key;
    private final String keyId;
    private final String issuer;
    private final Duration ttl;
    private final Clock clock;

    public TokenIssuer(PrivateKey key, String keyId, String issuer, Duration ttl, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("access token lifetime must be positive");
        }
    }

    public record AccessToken(String token, String jti, Instant expiresAt, long expiresInSeconds) {
    }

    public AccessToken issue(String subject, String username, String tenant, Collection<String> roles) {
        return issue(subject, username, tenant, roles, Map.of());
    }

    /** As {@link #issue(String, String, String, Collection)}, plus {@code extraClaims} (string values). */
    public AccessToken issue(String subject, String username, String tenant, Collection<String> roles,
            Map<String, String> extraClaims) {
        for (String name : extraClaims.keySet()) {
            if (RESERVED_CLAIMS.contains(name)) {
                throw new IllegalArgumentException("claim '" + name + "' is set by the issuer and cannot be overridden");
            }
        }
        Instant now = clock.instant();
        Instant exp = now.plus(ttl);
        String jti = UUID.randomUUID().toString();
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
                .subject(subject)
                .upn(username)
                .preferredUserName(username)
                .groups(new LinkedHashSet<>(roles))
                .claim("tenant", tenant)
                .claim("jti", jti)
                .issuedAt(now)
                .expiresAt(exp);
        extraClaims.forEach(claims::claim);
        String token = claims
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(keyId)
                .sign(key);
        return new AccessToken(token, jti, exp, ttl.toSeconds());
    }
}
