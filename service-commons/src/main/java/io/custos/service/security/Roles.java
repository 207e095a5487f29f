package io.custos.service.security;

/** The roles of the security model (JWT {@code groups}). */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String DATA_STEWARD = "data-steward";
    public static final String ML_ENGINEER = "ml-engineer";
    public static final String AUDITOR = "auditor";
    public static final String FL_CLIENT = "fl-client";
    public static final String SERVICE = "service";

    private Roles() {
    }
}
