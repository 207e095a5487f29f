package io.custos.gateway.service;

import io.custos.gateway.config.GatewayConfig;
import io.custos.gateway.domain.Role;
import io.custos.gateway.domain.User;
import io.custos.gateway.domain.UserRepository;
import io.custos.service.problem.Problem.FieldError;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Creates the first administrator from configuration when the installation has no user yet.
 * It never overwrites anything, and it never logs the password.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final GatewayConfig config;
    private final Clock clock;

    public BootstrapAdmin(UserRepository users, PasswordHasher hasher, GatewayConfig config, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        GatewayConfig.BootstrapAdmin b = config.bootstrapAdmin();
        ensure(b.username(), b.password(), b.tenant());
    }

    /** Returns true when it created the administrator. */
    public boolean ensure(Optional<String> username, Optional<String> password, String tenant) {
        if (username.isEmpty() || password.isEmpty()) {
            LOG.debug("No bootstrap administrator configured");
            return false;
        }
        String name = username.get().strip().toLowerCase(java.util.Locale.ROOT);
        List<FieldError> errors = UserValidator.validate(name, password.get(), List.of(Role.ADMIN.value()), tenant);
        if (!errors.isEmpty()) {
            LOG.errorf("Bootstrap administrator not created: custos.gateway.bootstrap-admin is invalid: %s",
                    errors.stream().map(e -> e.field() + " " + e.message()).toList());
            return false;
        }
        if (QuarkusTransaction.requiringNew().call(() -> users.count() > 0)) {
            LOG.debugf("Users exist; bootstrap administrator not needed");
            return false;
        }
        User admin = new User();
        admin.id = UUID.randomUUID();
        admin.tenant = tenant;
        admin.username = name;
        admin.passwordHash = hasher.hash(password.get());
        admin.roles = new String[] {Role.ADMIN.value()};
        admin.enabled = true;
        admin.createdAt = clock.instant();
        try {
            boolean created = QuarkusTransaction.requiringNew().call(() -> {
                // advisory lock: two gateway replicas starting together create one admin
                users.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(7210421)").getSingleResult();
                if (users.count() > 0) {
                    return false;
                }
                users.persist(admin);
                return true;
            });
            if (created) {
                LOG.infof("Bootstrap administrator '%s' created in tenant '%s'", name, tenant);
            }
            return created;
        } catch (RuntimeException e) {
            LOG.warnf("Bootstrap administrator not created: %s", e.getClass().getSimpleName());
            return false;
        }
    }
}
