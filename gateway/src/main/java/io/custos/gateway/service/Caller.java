package io.custos.gateway.service;

import java.util.Set;

/** Who is calling, from the verified access token. */
public record Caller(String subject, String tenant, Set<String> roles) {
}
