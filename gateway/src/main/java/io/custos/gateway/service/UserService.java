package io.custos.gateway.service;

import io.custos.gateway.config.GatewayConfig;
import io.custos.gateway.domain.User;
import io.custos.gateway.domain.UserRepository;
import io.custos.service.problem.Problem.FieldError;
import io.custos.service.problem.ProblemException;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Account administration. An administrator works in their own tenant; the installation
 * administrator (an admin of the installation tenant, {@code custos.gateway.bootstrap-admin.tenant})
 * may work in any tenant.
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final String installationTenant;

    public UserService(UserRepository users, PasswordHasher hasher, Clock clock, GatewayConfig config) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
        this.installationTenant = config.bootstrapAdmin().tenant();
    }

    public record NewUser(String username, String password, List<String> roles, String tenant) {
    }

    /** An account as the API shows it: never the password hash. */
    public record UserView(UUID id, String tenant, String username, List<String> roles, boolean enabled,
            Instant createdAt) {
        static UserView of(User u) {
            return new UserView(u.id, u.tenant, u.username, u.roleList(), u.enabled, u.createdAt);
        }
    }

    public UserView create(Caller caller, NewUser request) {
        List<FieldError> errors = UserValidator.validate(request.username(), request.password(), request.roles(),
                request.tenant());
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        String tenant = targetTenant(caller, request.tenant());
        String hash = hasher.hash(request.password()); // slow: outside the transaction
        User user = new User();
        user.id = UUID.randomUUID();
        user.tenant = tenant;
        user.username = request.username();
        user.passwordHash = hash;
        user.roles = request.roles().toArray(String[]::new);
        user.enabled = true;
        user.createdAt = clock.instant();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (users.usernameTaken(user.username)) {
                    throw usernameTaken(user.username);
                }
                users.persist(user);
            });
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) { // e.g. a concurrent create of the same name failed the commit
            if (QuarkusTransaction.requiringNew().call(() -> users.usernameTaken(user.username))) {
                throw usernameTaken(user.username);
            }
            throw e;
        }
        LOG.infof("User %s created in tenant %s with roles %s by %s", user.username, tenant, user.roleList(),
                caller.subject());
        return UserView.of(user);
    }

    public List<UserView> list(Caller caller, String tenantParam) {
        if (tenantParam != null && !UserValidator.TENANT.matcher(tenantParam).matches()) {
            throw ProblemException.validation(List.of(new FieldError("tenant",
                    "must be 1 to 63 characters: lower-case letters, digits and -")));
        }
        String tenant = targetTenant(caller, tenantParam);
        return QuarkusTransaction.requiringNew().call(() -> users.listInTenant(tenant)).stream()
                .map(UserView::of).toList();
    }

    /** True for an admin of the installation tenant. */
    public boolean isInstallationAdmin(Caller caller) {
        return caller.roles().contains(Roles.ADMIN) && installationTenant.equals(caller.tenant());
    }

    private String targetTenant(Caller caller, String requested) {
        String own = caller.tenant(); // a 403 when the token carries no tenant
        if (requested == null || requested.equals(own)) {
            return own;
        }
        if (!isInstallationAdmin(caller)) {
            throw ProblemException.forbidden("Administrators of tenant '" + own
                    + "' can only manage users of their own tenant.");
        }
        return requested;
    }

    private static ProblemException usernameTaken(String username) {
        return new ProblemException(409, "username-taken", "Username taken",
                "The username '" + username + "' is already in use; choose another.",
                List.of(new FieldError("username", "is already in use")));
    }
}
