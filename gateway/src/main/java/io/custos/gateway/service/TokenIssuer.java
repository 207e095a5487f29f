package io.custos.gateway.service;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.UUID;

/**
 * Signs short-lived RS256 access tokens: {@code iss}, {@code sub} (user id), {@code upn}
 * (username), {@code groups} (roles), {@code tenant}, {@code iat}, {@code exp}, {@code jti}, and
 * the key id in the header so services pick the right key from the JWKS.
 */
public final class TokenIssuer {

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
        Instant now = clock.instant();
        Instant exp = now.plus(ttl);
        String jti = UUID.randomUUID().toString();
        String token = Jwt.issuer(issuer)
                .subject(subject)
                .upn(username)
                .preferredUserName(username)
                .groups(new LinkedHashSet<>(roles))
                .claim("tenant", tenant)
                .claim("jti", jti)
                .issuedAt(now)
                .expiresAt(exp)
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(keyId)
                .sign(key);
        return new AccessToken(token, jti, exp, ttl.toSeconds());
    }
}
