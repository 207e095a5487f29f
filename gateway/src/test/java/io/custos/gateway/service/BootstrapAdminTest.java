package io.custos.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.gateway.support.Api;
import io.custos.gateway.support.UpstreamPorts;
import io.custos.testsupport.CustosTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamPorts.class, restrictToAnnotatedClass = false)
class BootstrapAdminTest {

    @Inject
    BootstrapAdmin bootstrap;

    @Test
    void theConfiguredAdministratorWasCreatedAtStartAndCanLogIn() {
        assertEquals(1, Api.count("select count(*) from gateway.users where username = ?", Api.ROOT_ADMIN));
        assertEquals("default", Api.string("select tenant from gateway.users where username = ?", Api.ROOT_ADMIN));
        assertEquals("{admin}", Api.string("select roles::text from gateway.users where username = ?", Api.ROOT_ADMIN));
        String hash = Api.string("select password_hash from gateway.users where username = ?", Api.ROOT_ADMIN);
        assertTrue(hash.startsWith("$argon2id$"), hash);
        Api.login(Api.ROOT_ADMIN, Api.ROOT_PASSWORD).then().statusCode(200);
    }

    @Test
    void itIsCreatedOnceAndNeverOverwritten() {
        String hashBefore = Api.string("select password_hash from gateway.users where username = ?", Api.ROOT_ADMIN);
        long usersBefore = Api.count("select count(*) from gateway.users");

        // a restart with the same, or a changed, configuration changes nothing
        assertFalse(bootstrap.ensure(Optional.of(Api.ROOT_ADMIN), Optional.of(Api.ROOT_PASSWORD), "default"));
        assertFalse(bootstrap.ensure(Optional.of(Api.ROOT_ADMIN), Optional.of("a-new-password-123"), "default"));
        assertFalse(bootstrap.ensure(Optional.of("second-admin"), Optional.of("a-new-password-123"), "other"));

        assertEquals(usersBefore, Api.count("select count(*) from gateway.users"));
        assertEquals(0, Api.count("select count(*) from gateway.users where username = 'second-admin'"));
        assertEquals(hashBefore, Api.string("select password_hash from gateway.users where username = ?", Api.ROOT_ADMIN));
        Api.login(Api.ROOT_ADMIN, "a-new-password-123").then().statusCode(401);
    }

    @Test
    void nothingHappensWithoutConfiguration() {
        assertFalse(bootstrap.ensure(Optional.empty(), Optional.empty(), "default"));
        assertFalse(bootstrap.ensure(Optional.of("admin"), Optional.empty(), "default"));
    }
}
