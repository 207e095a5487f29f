package io.custos.gateway.service;

import io.custos.gateway.config.GatewayConfig;
import io.custos.gateway.domain.RefreshToken;
import io.custos.gateway.domain.RefreshTokenRepository;
import io.custos.gateway.domain.User;
import io.custos.gateway.domain.UserRepository;
import io.custos.service.problem.Problem.FieldError;
import io.custos.service.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Login, refresh-token rotation with reuse detection, logout. Passwords are checked outside
 * database transactions (Argon2id is slow on purpose); state changes are short transactions.
 */
@ApplicationScoped
public class AuthService {

    public static final String BAD_CREDENTIALS = "The username or password is incorrect, or the account is disabled.";
    public static final String BAD_REFRESH = "The refresh token is invalid, expired or revoked; log in again.";

    private static final Logger LOG = Logger.getLogger(AuthService.class);

    private final UserRepository users;
    private final RefreshTokenRepository tokens;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final GatewayConfig config;
    private final Clock clock;

    public AuthService(UserRepository users, RefreshTokenRepository tokens, PasswordHasher hasher, TokenIssuer issuer,
            GatewayConfig config, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.hasher = hasher;
        this.issuer = issuer;
        this.config = config;
        this.clock = clock;
    }

    /** What a successful login or refresh returns. */
    public record TokenPair(String accessToken, long expiresIn, String refreshToken, Instant refreshExpiresAt) {
    }

    public TokenPair login(String username, String password) {
        List<FieldError> errors = new ArrayList<>();
        if (username == null || username.isBlank()) {
            errors.add(new FieldError("username", "is required"));
        }
        if (password == null || password.isEmpty()) {
            errors.add(new FieldError("password", "is required"));
        } else if (password.codePointCount(0, password.length()) > UserValidator.PASSWORD_MAX) {
            errors.add(new FieldError("password", "must be at most " + UserValidator.PASSWORD_MAX + " characters long"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        String name = username.strip().toLowerCase(Locale.ROOT);
        Optional<User> found = QuarkusTransaction.requiringNew().call(() -> users.findForLogin(name));
        if (found.isEmpty()) {
            hasher.verifyDummy(password); // same work as for a real user
            throw ProblemException.unauthorized(BAD_CREDENTIALS);
        }
        User user = found.get();
        boolean matches = hasher.verify(password, user.passwordHash);
        if (!matches || !user.enabled) {
            throw ProblemException.unauthorized(BAD_CREDENTIALS);
        }
        String rehash = hasher.needsRehash(user.passwordHash) ? hasher.hash(password) : null;
        return QuarkusTransaction.requiringNew().call(() -> {
            if (rehash != null) {
                users.update("passwordHash = ?1 where tenant = ?2 and id = ?3", rehash, user.tenant, user.id);
            }
            return issue(user, UUID.randomUUID(), clock.instant());
        });
    }

    /**
     * Rotates a refresh token: the presented one is revoked and a new one of the same session is
     * issued. A token that was already rotated has leaked (or been replayed): the whole session is
     * revoked, so the thief's and the owner's tokens both stop working.
     */
    public TokenPair refresh(String refreshToken) {
        requireToken(refreshToken);
        if (!RefreshTokens.wellFormed(refreshToken)) {
            throw ProblemException.unauthorized(BAD_REFRESH);
        }
        String hash = RefreshTokens.hash(refreshToken);
        TokenPair next = QuarkusTransaction.requiringNew().call(() -> rotate(hash));
        if (next == null) {
            throw ProblemException.unauthorized(BAD_REFRESH);
        }
        return next;
    }

    /** Ends the session the token belongs to. Unknown or already revoked tokens are not an error. */
    public void logout(String refreshToken) {
        requireToken(refreshToken);
        if (!RefreshTokens.wellFormed(refreshToken)) {
            return;
        }
        String hash = RefreshTokens.hash(refreshToken);
        QuarkusTransaction.requiringNew().run(() -> tokens.findByHashForUpdate(hash).ifPresent(
                rt -> tokens.revokeFamily(rt.tenant, rt.familyId, clock.instant(), RefreshToken.REASON_LOGOUT)));
    }

    private static void requireToken(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw ProblemException.validation(List.of(new FieldError("refreshToken", "is required")));
        }
    }

    private TokenPair rotate(String hash) {
        RefreshToken current = tokens.findByHashForUpdate(hash).orElse(null);
        if (current == null) {
            return null;
        }
        Instant now = clock.instant();
        if (current.revokedAt != null) {
            if (!RefreshToken.REASON_LOGOUT.equals(current.revokedReason)) {
                int revoked = tokens.revokeFamily(current.tenant, current.familyId, now, RefreshToken.REASON_REUSE);
                LOG.warnf("Refresh token reuse detected: session %s of user %s (tenant %s) revoked, %d live token(s)",
                        current.familyId, current.userId, current.tenant, revoked);
            }
            return null;
        }
        if (!current.expiresAt.isAfter(now)) {
            return null;
        }
        User user = users.findInTenant(current.tenant, current.userId).orElse(null);
        if (user == null || !user.enabled) {
            tokens.revokeFamily(current.tenant, current.familyId, now, RefreshToken.REASON_DISABLED);
            return null;
        }
        IssuedPair next = issueRow(user, current.familyId, now);
        current.revokedAt = now;
        current.revokedReason = RefreshToken.REASON_ROTATED;
        current.replacedBy = next.row().id;
        return next.pair();
    }

    private record IssuedPair(TokenPair pair, RefreshToken row) {
    }

    private TokenPair issue(User user, UUID familyId, Instant now) {
        return issueRow(user, familyId, now).pair();
    }

    private IssuedPair issueRow(User user, UUID familyId, Instant now) {
        TokenIssuer.AccessToken access = issuer.issue(user.id.toString(), user.username, user.tenant, user.roleList());
        String refresh = RefreshTokens.newToken();
        RefreshToken row = new RefreshToken();
        row.id = UUID.randomUUID();
        row.tenant = user.tenant;
        row.userId = user.id;
        row.familyId = familyId;
        row.tokenHash = RefreshTokens.hash(refresh);
        row.createdAt = now;
        row.expiresAt = now.plus(config.refreshTokenTtl());
        tokens.persist(row);
        return new IssuedPair(new TokenPair(access.token(), access.expiresInSeconds(), refresh, row.expiresAt), row);
    }
}
