package io.custos.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.service.problem.Problem.FieldError;
import io.custos.testsupport.CustosTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class UserValidatorTest {

    @Test
    void acceptsAGoodAccount() {
        assertEquals(List.of(), UserValidator.validate("jane.doe@acme", "a long passphrase", List.of("ml-engineer"), "acme"));
        assertEquals(List.of(), UserValidator.validate("ci-bot", "another-long-one", List.of("service", "fl-client"), null));
    }

    @Test
    void namesEveryBadFieldAndTheAllowedRoles() {
        List<FieldError> errors = UserValidator.validate("Bad Name", "short", List.of("admin", "root", "admin"), "Not_A_Tenant");
        List<String> fields = errors.stream().map(FieldError::field).toList();
        assertEquals(List.of("username", "password", "roles[1]", "roles[2]", "tenant"), fields);
        String roleMessage = errors.get(2).message();
        assertTrue(roleMessage.contains("'root'"), roleMessage);
        assertTrue(roleMessage.contains("admin, data-steward, ml-engineer, auditor, fl-client, service"), roleMessage);
        assertTrue(errors.get(1).message().contains("12"), errors.get(1).message());
    }

    @Test
    void missingFieldsAreRequired() {
        List<FieldError> errors = UserValidator.validate(null, null, null, null);
        assertEquals(List.of("username", "password", "roles"), errors.stream().map(FieldError::field).toList());
    }

    @Test
    void passwordLengthCountsCharactersNotBytes() {
        assertEquals(List.of(), UserValidator.validatePassword("ĉĝĥĵŝŭĉĝĥĵŝŭ"));
        assertEquals(1, UserValidator.validatePassword("ĉĝĥĵŝŭĉĝĥĵŝ").size());
    }
}
