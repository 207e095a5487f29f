package io.custos.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Fetches the services' OpenAPI documents ({@code /q/openapi?format=json}), merges them with the
 * gateway's own, and keeps the result for a short time. A service that cannot be fetched is
 * skipped and named in {@code x-custos-unavailable}; a result with missing services is kept for
 * the same time (so a down service is not hammered).
 */
public final class OpenApiAggregator {

    private static final Logger LOG = Logger.getLogger(OpenApiAggregator.class);
    public static final String DOCUMENT_PATH = "/q/openapi?format=json";

    /** Fetches the JSON document at a URL; empty when it cannot. */
    public interface Fetcher extends Function<String, CompletableFuture<Optional<JsonNode>>> {
    }

    private final Map<String, String> serviceBaseUrls;
    private final Fetcher fetcher;
    private final OpenApiMerger merger = new OpenApiMerger();
    private final Duration ttl;
    private final Clock clock;
    private ObjectNode cached;
    private Instant cachedAt;

    public OpenApiAggregator(Map<String, String> serviceBaseUrls, Fetcher fetcher, Duration ttl, Clock clock) {
        this.serviceBaseUrls = new LinkedHashMap<>(serviceBaseUrls);
        this.fetcher = fetcher;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The merged document; {@code gatewayDocumentUrl} is where the gateway serves its own. */
    public synchronized ObjectNode merged(String gatewayDocumentUrl, List<String> unconfigured) {
        Instant now = clock.instant();
        if (cached != null && cachedAt.plus(ttl).isAfter(now)) {
            return cached;
        }
        CompletableFuture<Optional<JsonNode>> own = fetcher.apply(gatewayDocumentUrl);
        Map<String, CompletableFuture<Optional<JsonNode>>> pending = new LinkedHashMap<>();
        serviceBaseUrls.forEach((service, base) -> pending.put(service, fetcher.apply(stripSlash(base) + DOCUMENT_PATH)));
        List<OpenApiMerger.Source> sources = new ArrayList<>();
        List<String> unavailable = new ArrayList<>(unconfigured);
        pending.forEach((service, future) -> {
            Optional<JsonNode> doc = future.join();
            if (doc.isPresent() && doc.get().isObject()) {
                sources.add(new OpenApiMerger.Source(service, doc.get()));
            } else {
                unavailable.add(service);
            }
        });
        ObjectNode result = merger.merge(own.join().orElse(null), sources, unavailable);
        if (!unavailable.isEmpty()) {
            LOG.debugf("Merged OpenAPI without %s", unavailable);
        }
        cached = result;
        cachedAt = now;
        return result;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** A fetcher over the JDK HTTP client: 200 with a JSON body, within the timeout, or empty. */
    public static Fetcher httpFetcher(HttpClient http, ObjectMapper mapper, Duration timeout) {
        return url -> {
            HttpRequest request;
            try {
                request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                        .header("Accept", "application/json").GET().build();
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(response -> {
                        if (response.statusCode() != 200) {
                            return Optional.<JsonNode>empty();
                        }
                        try {
                            return Optional.of(mapper.readTree(response.body()));
                        } catch (java.io.IOException e) {
                            return Optional.<JsonNode>empty();
                        }
                    })
                    .exceptionally(e -> Optional.empty());
        };
    }
}
