package io.custos.governance.core.mlflow;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to reach one customer MLflow server, read-only. Validated on construction so that a bad
 * source is refused when it is registered, not halfway through a sync.
 *
 * <p>Secrets (password, bearer token, and every extra header value, since gateways often carry
 * API keys in custom headers) never appear in {@link #toString()}; {@link #credentialIdentity()}
 * is the part that may be logged and written to the audit trail.
 *
 * @param trackingUri            base address of the tracking server, http or https, optionally with a
 *                               path prefix (a server behind a reverse proxy); no user info, query or fragment
 * @param auth                   how requests authenticate
 * @param extraHeaders           sent with every request; may not replace Authorization, Host, Content-Length
 *                               or the other headers the HTTP client manages itself
 * @param timeout                per request, covering connect, headers and body
 * @param maxArtifactHashBytes   artifact files larger than this are listed but neither downloaded nor hashed
 * @param maxArtifactsPerVersion bound on the artifact entries (files and folders) listed for one version
 * @param sourceId               the registered source's id, stamped on every record (may be null)
 * @param sourceName             the registered source's display name, stamped on every record (may be null)
 */
public record MlflowSourceConfig(
        URI trackingUri,
        Auth auth,
        Map<String, String> extraHeaders,
        Duration timeout,
        long maxArtifactHashBytes,
        int maxArtifactsPerVersion,
        String sourceId,
        String sourceName) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_ARTIFACT_HASH_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_MAX_ARTIFACTS_PER_VERSION = 1000;

    /**
     * Headers a caller may not set: the credential header must come from {@link Auth} (so it is
     * never shown and always audited), and the rest are managed by the HTTP client.
     */
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "authorization", "proxy-authorization", "host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "te", "trailer", "keep-alive");

    public MlflowSourceConfig {
        trackingUri = validateTrackingUri(trackingUri);
        Objects.requireNonNull(auth, "auth (use Auth.none() for an open server)");
        extraHeaders = validateHeaders(extraHeaders);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (maxArtifactHashBytes < 0) {
            throw new IllegalArgumentException("maxArtifactHashBytes must be >= 0 (0 hashes nothing), was "
                    + maxArtifactHashBytes);
        }
        if (maxArtifactsPerVersion < 1) {
            throw new IllegalArgumentException("maxArtifactsPerVersion must be >= 1, was " + maxArtifactsPerVersion);
        }
    }

    /** Starts a config with the defaults: no auth, no extra headers, 30 s timeout, 10 MiB hash cap, 1000 artifacts. */
    public static Builder builder(String trackingUri) {
        return new Builder(trackingUri);
    }

    /** What may be logged and audited about the credentials used: never the secret itself. */
    public String credentialIdentity() {
        return auth.identity();
    }

    /** Shows where and as whom, never a secret: extra headers are listed by name only. */
    @Override
    public String toString() {
        return "MlflowSourceConfig[trackingUri=" + trackingUri
                + ", auth=" + auth.identity()
                + ", extraHeaders=" + extraHeaders.keySet()
                + ", timeout=" + timeout
                + ", maxArtifactHashBytes=" + maxArtifactHashBytes
                + ", maxArtifactsPerVersion=" + maxArtifactsPerVersion
                + ", sourceId=" + sourceId
                + ", sourceName=" + sourceName + "]";
    }

    private static URI validateTrackingUri(URI uri) {
        Objects.requireNonNull(uri, "trackingUri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("trackingUri must be an http or https address, was scheme '"
                    + uri.getScheme() + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("trackingUri must name a host, e.g. https://mlflow.example.com");
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo the user info: it may hold a password.
            throw new IllegalArgumentException("trackingUri must not carry credentials; use auth instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("trackingUri must not have a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            return new URI(scheme + "://" + uri.getRawAuthority() + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("trackingUri is not a valid address: " + e.getReason());
        }
    }

    private static Map<String, String> validateHeaders(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> {
            if (name == null || !isToken(name)) {
                throw new IllegalArgumentException("extra header name '" + name + "' is not a valid HTTP header name");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("extra header '" + name
                        + "' is not allowed: credentials go in auth, and the HTTP client sets this header itself");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("extra header '" + name + "' is given twice");
            }
            // The value is not echoed: it may be a secret.
            if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("extra header '" + name
                        + "' must have a value without line breaks");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    /** RFC 9110 token: the characters allowed in a header name. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** How requests to MLflow authenticate. Implementations never show their secret in {@code toString()}. */
    public sealed interface Auth permits Auth.None, Auth.Basic, Auth.Bearer {

        /** No credentials: an open server, or one protected by the network only. */
        Auth NONE = new None();

        static Auth none() {
            return NONE;
        }

        static Auth basic(String username, String password) {
            return new Basic(username, password);
        }

        static Auth bearer(String token) {
            return new Bearer(token);
        }

        /** The loggable identity, e.g. {@code basic:alice} or {@code bearer:sha256:0123456789ab}. */
        String identity();

        /** The Authorization header value to send, or null for none; holds the secret, so never log it. */
        String authorizationHeader();

        record None() implements Auth {
            @Override
            public String identity() {
                return "none";
            }

            @Override
            public String authorizationHeader() {
                return null;
            }

            @Override
            public String toString() {
                return "Auth[none]";
            }
        }

        /** HTTP basic auth, as MLflow's own {@code basic-auth} app and most reverse proxies expect. */
        record Basic(String username, String password) implements Auth {
            public Basic {
                if (username == null || username.isBlank()) {
                    throw new IllegalArgumentException("basic auth needs a username");
                }
                if (username.indexOf(':') >= 0 || username.chars().anyMatch(Character::isISOControl)) {
                    throw new IllegalArgumentException("basic auth username must not contain ':' or control characters");
                }
                if (password == null || password.isEmpty()) {
                    throw new IllegalArgumentException("basic auth for user '" + username + "' needs a password");
                }
            }

            @Override
            public String identity() {
                return "basic:" + username;
            }

            @Override
            public String authorizationHeader() {
                return "Basic " + Base64.getEncoder()
                        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public String toString() {
                return "Auth[" + identity() + "]";
            }
        }

        /** A bearer token (an MLflow behind an OIDC proxy, Databricks personal access tokens). */
        record Bearer(String token) implements Auth {
            public Bearer {
                if (token == null || token.isBlank()) {
                    throw new IllegalArgumentException("bearer auth needs a token");
                }
                if (token.chars().anyMatch(c -> c <= ' ' || c == 127)) {
                    throw new IllegalArgumentException("bearer token must not contain spaces or control characters");
                }
            }

            /** A short fingerprint so the audit trail can tell tokens apart without holding one. */
            @Override
            public String identity() {
                try {
                    byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
                    return "bearer:sha256:" + HexFormat.of().formatHex(hash).substring(0, 12);
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("SHA-256 is required by every Java platform", e);
                }
            }

            @Override
            public String authorizationHeader() {
                return "Bearer " + token;
            }

            @Override
            public String toString() {
                return "Auth[" + identity() + "]";
            }
        }
    }

    /** Fluent construction with defaults; {@link #build()} validates. */
    public static final class Builder {
        private final String trackingUri;
        private Auth auth = Auth.NONE;
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private long maxArtifactHashBytes = DEFAULT_MAX_ARTIFACT_HASH_BYTES;
        private int maxArtifactsPerVersion = DEFAULT_MAX_ARTIFACTS_PER_VERSION;
        private String sourceId;
        private String sourceName;

        private Builder(String trackingUri) {
            this.trackingUri = trackingUri;
        }

        public Builder auth(Auth auth) {
            this.auth = auth;
            return this;
        }

        public Builder header(String name, String value) {
            this.extraHeaders.put(name, value);
            return this;
        }

        public Builder extraHeaders(Map<String, String> headers) {
            this.extraHeaders.putAll(headers);
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder maxArtifactHashBytes(long bytes) {
            this.maxArtifactHashBytes = bytes;
            return this;
        }

        public Builder maxArtifactsPerVersion(int count) {
            this.maxArtifactsPerVersion = count;
            return this;
        }

        public Builder source(String id, String name) {
            this.sourceId = id;
            this.sourceName = name;
            return this;
        }

        public MlflowSourceConfig build() {
            if (trackingUri == null || trackingUri.isBlank()) {
                throw new IllegalArgumentException("trackingUri is required");
            }
            URI uri;
            try {
                uri = new URI(trackingUri.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("trackingUri is not a valid address: " + e.getReason());
            }
            return new MlflowSourceConfig(uri, auth, extraHeaders, timeout, maxArtifactHashBytes,
                    maxArtifactsPerVersion, sourceId, sourceName);
        }
    }
}
