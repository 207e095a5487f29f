package io.custos.service.http;

import io.custos.crypto.Sha256;
import io.custos.service.events.Tracing;
import io.custos.service.security.InternalTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Fetches another service's artifact by the URI an event carried, with a service token for
 * the event's tenant, streaming to a file while hashing, and refuses it unless the SHA-256
 * matches the event. Only URIs under the configured service URLs are fetched.
 */
@ApplicationScoped
public class ArtifactClient {

    @Inject
    ServicesConfig services;

    @Inject
    InternalTokens tokens;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public record Fetched(Path file, String sha256, long size) {
    }

    public Fetched fetch(String uri, String tenant, String expectedSha256) {
        URI target = URI.create(uri).normalize();
        if (services.allowedBases().noneMatch(base -> target.toString().startsWith(base))) {
            throw new ArtifactException("artifact URI " + uri + " is not under a configured Custos service URL", true);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).GET()
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tokens.mint(tenant));
        String traceparent = Tracing.currentTraceparent();
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        Path file = null;
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status != 200) {
                    body.readNBytes(4096);
                    throw new ArtifactException("GET " + uri + " answered " + status, status >= 400 && status < 500
                            && status != 408 && status != 429);
                }
                file = Files.createTempFile("custos-artifact-", ".bin");
                String sha;
                try (OutputStream out = Files.newOutputStream(file)) {
                    sha = Sha256.copy(body, out, services.maxArtifactBytes());
                }
                if (!Sha256.matches(expectedSha256, sha)) {
                    throw new ArtifactException("artifact " + uri + " has SHA-256 " + sha + " but the event says "
                            + expectedSha256, true);
                }
                return new Fetched(file, sha, Files.size(file));
            }
        } catch (Sha256.TooLargeException e) {
            deleteQuietly(file);
            throw new ArtifactException("artifact " + uri + " is larger than " + e.limit() + " bytes", true, e);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new ArtifactException("cannot fetch " + uri + ": " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArtifactException("interrupted fetching " + uri, false, e);
        } catch (ArtifactException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file; the OS cleans it up
            }
        }
    }
}
