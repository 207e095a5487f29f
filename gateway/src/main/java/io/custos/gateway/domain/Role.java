package io.custos.gateway.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The roles of the suite; a JWT carries them in {@code groups}. */
public enum Role {
    ADMIN("admin"),
    DATA_STEWARD("data-steward"),
    ML_ENGINEER("ml-engineer"),
    AUDITOR("auditor"),
    FL_CLIENT("fl-client"),
    SERVICE("service");

    private final String value;

    Role(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<Role> of(String value) {
        return Arrays.stream(values()).filter(r -> r.value.equals(value)).findFirst();
    }

    public static List<String> allowedValues() {
        return Arrays.stream(values()).map(Role::value).toList();
    }
}
