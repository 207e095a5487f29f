package io.custos.testsupport;

import io.custos.crypto.JwtKeyFiles;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Fresh JWT keys for one test JVM (never committed), and tokens signed with them the way the
 * gateway signs them: RS256, issuer, {@code sub}, {@code groups}, {@code tenant}.
 */
public final class TestKeys {

    public static final String ISSUER = "https://custos.local/gateway";
    public static final String GATEWAY_KID = "gateway-test";
    public static final String INTERNAL_KID = "internal-test";

    private static TestKeys shared;

    private final Path dir;
    private final PrivateKey gatewayKey;
    private final PrivateKey internalKey;

    private TestKeys(Path dir) throws IOException {
        this.dir = dir;
        JwtKeyFiles.ensure(dir, GATEWAY_KID, INTERNAL_KID);
        this.gatewayKey = JwtKeyFiles.readPrivate(dir.resolve(JwtKeyFiles.GATEWAY_PRIVATE));
        this.internalKey = JwtKeyFiles.readPrivate(dir.resolve(JwtKeyFiles.INTERNAL_PRIVATE));
    }

    public static synchronized TestKeys shared() {
        if (shared == null) {
            try {
                shared = new TestKeys(Files.createTempDirectory("custos-keys-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public Path dir() {
        return dir;
    }

    public Path jwks() {
        return dir.resolve(JwtKeyFiles.JWKS);
    }

    public Path gatewayPrivateKey() {
        return dir.resolve(JwtKeyFiles.GATEWAY_PRIVATE);
    }

    public Path internalPrivateKey() {
        return dir.resolve(JwtKeyFiles.INTERNAL_PRIVATE);
    }

    /** A valid five-minute access token. */
    public String token(String subject, String tenant, String... roles) {
        return claims(subject, tenant, roles).expiresIn(Duration.ofMinutes(5)).jws().keyId(GATEWAY_KID).sign(gatewayKey);
    }

    /** A valid five-minute access token with extra claims, e.g. the federation client an API key is bound to. */
    public String token(String subject, String tenant, java.util.Map<String, Object> extraClaims, String... roles) {
        JwtClaimsBuilder claims = claims(subject, tenant, roles);
        extraClaims.forEach(claims::claim);
        return claims.expiresIn(Duration.ofMinutes(5)).jws().keyId(GATEWAY_KID).sign(gatewayKey);
    }

    /** A service-to-service token signed with the internal key, as a service mints it. */
    public String internalToken(String tenant, String... roles) {
        return claims("service:test", tenant, roles).expiresIn(Duration.ofMinutes(1)).jws().keyId(INTERNAL_KID)
                .sign(internalKey);
    }

    /** A token that expired an hour ago, correctly signed. */
    public String expiredToken(String subject, String tenant, String... roles) {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return claims(subject, tenant, roles).issuedAt(past).expiresAt(past.plus(Duration.ofHours(1)))
                .jws().keyId(GATEWAY_KID).sign(gatewayKey);
    }

    /** A well-formed token claiming the gateway's key id but signed with a key nobody trusts. */
    public String forgedToken(String subject, String tenant, String... roles) {
        return claims(subject, tenant, roles).expiresIn(Duration.ofMinutes(5)).jws().keyId(GATEWAY_KID)
                .sign(JwtKeyFiles.generateRsa().getPrivate());
    }

    private static JwtClaimsBuilder claims(String subject, String tenant, String... roles) {
        return Jwt.issuer(ISSUER).subject(subject).upn(subject).groups(Set.of(roles)).claim("tenant", tenant);
    }
}
