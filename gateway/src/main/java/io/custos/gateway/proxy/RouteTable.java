package io.custos.gateway.proxy;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which service serves a path. The path is forwarded unchanged: the services serve their own
 * APIs under {@code /api/<service>/...} (and governance its dashboard under {@code /governance/}).
 */
public final class RouteTable {

    /** Path prefixes and the service (config key) they belong to. */
    public static final Map<String, String> PREFIXES;

    static {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("/api/privacy", "privacy");
        p.put("/api/federated", "federated");
        p.put("/api/packaging", "packaging");
        p.put("/api/governance", "governance");
        p.put("/governance", "governance");
        PREFIXES = java.util.Collections.unmodifiableMap(p);
    }

    /** A service and where it listens ({@code base} empty when it is not configured). */
    public record Target(String service, Optional<Upstream> base) {
    }

    /** Scheme, host and port of a service. */
    public record Upstream(boolean ssl, String host, int port) {
        public static Upstream parse(String service, String url) {
            URI uri;
            try {
                uri = URI.create(url.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("custos.gateway.routes." + service + " is not a URL: " + url);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("custos.gateway.routes." + service
                        + " must be an http(s) base URL like http://privacy-service:8080, was: " + url);
            }
            if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
                throw new IllegalArgumentException("custos.gateway.routes." + service
                        + " must not have a path (paths are forwarded unchanged), was: " + url);
            }
            boolean ssl = scheme.equals("https");
            int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
            return new Upstream(ssl, uri.getHost(), port);
        }

        public String baseUrl() {
            return (ssl ? "https" : "http") + "://" + host + ":" + port;
        }
    }

    private final Map<String, Upstream> upstreams;

    public RouteTable(Map<String, Optional<String>> baseUrls) {
        Map<String, Upstream> u = new LinkedHashMap<>();
        baseUrls.forEach((service, url) -> url.filter(s -> !s.isBlank())
                .ifPresent(s -> u.put(service, Upstream.parse(service, s))));
        this.upstreams = Map.copyOf(u);
    }

    /** The service owning {@code path}, if any prefix matches at a segment boundary. */
    public Optional<Target> resolve(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> e : PREFIXES.entrySet()) {
            String prefix = e.getKey();
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return Optional.of(new Target(e.getValue(), Optional.ofNullable(upstreams.get(e.getValue()))));
            }
        }
        return Optional.empty();
    }

    public Optional<Upstream> upstream(String service) {
        return Optional.ofNullable(upstreams.get(service));
    }

    /** Configured services, in a stable order. */
    public List<String> services() {
        List<String> s = new ArrayList<>();
        for (String service : new java.util.LinkedHashSet<>(PREFIXES.values())) {
            if (upstreams.containsKey(service)) {
                s.add(service);
            }
        }
        return s;
    }

    /** All service names the gateway knows, configured or not. */
    public static List<String> knownServices() {
        return List.copyOf(new java.util.LinkedHashSet<>(PREFIXES.values()));
    }

    /**
     * True when a raw request path is safe to forward as is: no dot segments (also percent-encoded)
     * and no encoded slash, so a path cannot climb out of the prefix it was routed by.
     */
    public static boolean safePath(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return false;
        }
        String p = rawPath.replace("%2e", ".").replace("%2E", ".");
        if (p.contains("%2f") || p.contains("%2F") || p.contains("%5c") || p.contains("%5C") || p.contains("\\")) {
            return false;
        }
        for (String segment : p.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
