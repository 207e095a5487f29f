package io.custos.gateway.proxy;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the proxy. Hop-by-hop headers (RFC 9110 section 7.6.1), and any header the
 * Connection header names, never cross in either direction. Identity headers a client could
 * spoof never reach a service: services trust only the JWT in Authorization, and the
 * X-Forwarded-* headers are set by the gateway itself.
 */
public final class HeaderPolicy {

    public static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade");

    public static final Set<String> SPOOFABLE_IDENTITY = Set.of(
            "x-forwarded-user", "x-forwarded-email", "x-forwarded-groups", "x-forwarded-preferred-username",
            "x-remote-user", "remote-user", "x-user", "x-user-id", "x-tenant", "x-tenant-id", "x-roles", "x-groups",
            "x-auth-request-user", "x-auth-request-email", "x-auth-request-groups",
            "x-auth-request-preferred-username", "x-auth-request-access-token",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix",
            "forwarded", "x-real-ip", "x-client-ip");

    /** Set by the proxy from the connection: never copied. */
    private static final Set<String> SET_BY_PROXY_ON_REQUEST = Set.of("host", "content-length", "expect");

    private HeaderPolicy() {
    }

    /** Copies the client's request headers that may reach a service into {@code target}. */
    public static void copyRequestHeaders(MultiMap source, MultiMap target) {
        Set<String> named = connectionNamed(source);
        for (Map.Entry<String, String> h : source) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || named.contains(name) || SPOOFABLE_IDENTITY.contains(name)
                    || SET_BY_PROXY_ON_REQUEST.contains(name)) {
                continue;
            }
            target.add(h.getKey(), h.getValue());
        }
    }

    /** Copies the service's response headers that may reach the client into {@code target}. */
    public static void copyResponseHeaders(MultiMap source, MultiMap target) {
        Set<String> named = connectionNamed(source);
        for (Map.Entry<String, String> h : source) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || named.contains(name)) {
                continue;
            }
            target.add(h.getKey(), h.getValue());
        }
    }

    /** Header names listed in Connection (e.g. {@code Connection: close, X-Secret}). */
    static Set<String> connectionNamed(MultiMap headers) {
        Set<String> named = new HashSet<>();
        for (String value : headers.getAll("Connection")) {
            for (String token : value.split(",")) {
                String t = token.strip().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    named.add(t);
                }
            }
        }
        return named;
    }
}
