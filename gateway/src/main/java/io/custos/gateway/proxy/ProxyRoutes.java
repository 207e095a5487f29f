package io.custos.gateway.proxy;

import io.custos.gateway.config.GatewayConfig;
import io.custos.service.problem.Problem;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Puts the reverse proxy on the Vert.x router, ahead of Quarkus REST, for the services' path
 * prefixes. The routes run before Quarkus' own request-size check (which guards the gateway's
 * small JSON endpoints) because the proxy enforces its own, larger limit while streaming.
 */
@ApplicationScoped
public class ProxyRoutes {

    private static final Logger LOG = Logger.getLogger(ProxyRoutes.class);

    /** Just before Quarkus' upload-limit handler; after its access-log, header and security filters. */
    static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;

    /** The paths the proxy owns: /api/{privacy,federated,packaging,governance}[/...] and /governance[/...]. */
    static final String PATH_REGEX = "^/(?:api/(?:privacy|federated|packaging|governance)|governance)(?:/.*)?$";

    private final Vertx vertx;
    private final GatewayConfig config;
    private final Optional<MemorySize> ownBodyLimit;
    private HttpClient client;

    public ProxyRoutes(Vertx vertx, GatewayConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> ownBodyLimit) {
        this.vertx = vertx;
        this.config = config;
        this.ownBodyLimit = ownBodyLimit;
    }

    public static RouteTable routeTable(GatewayConfig config) {
        Map<String, Optional<String>> urls = new LinkedHashMap<>();
        urls.put("privacy", config.routes().privacy());
        urls.put("federated", config.routes().federated());
        urls.put("packaging", config.routes().packaging());
        urls.put("governance", config.routes().governance());
        return new RouteTable(urls);
    }

    void init(@Observes Router router) {
        RouteTable table = routeTable(config);
        GatewayConfig.Proxy p = config.proxy();
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, p.connectTimeout().toMillis()))
                .setKeepAlive(true)
                .setPipelining(false)
                .setDecompressionSupported(false) // bodies pass through as the service encoded them
                .setTryUseCompression(false)
                .setIdleTimeout((int) Math.max(120, p.responseTimeout().toSeconds() + 30));
        client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(p.maxConnections()));
        ReverseProxy proxy = new ReverseProxy(vertx, client, table, p.maxBodySize().asLongValue(),
                p.responseTimeout());
        router.routeWithRegex(PATH_REGEX).order(ORDER).handler(proxy::handle);
        // The gateway's own endpoints: a declared body over quarkus.http.limits.max-body-size is a
        // problem+json 413 here (Quarkus' own check, next in line, would answer in plain text).
        if (ownBodyLimit.isPresent()) {
            long limit = ownBodyLimit.get().asLongValue();
            router.route().order(ORDER).handler(ctx -> {
                String length = ctx.request().getHeader("Content-Length");
                if (length != null && length.strip().matches("\\d{1,18}") && Long.parseLong(length.strip()) > limit) {
                    ctx.request().pause();
                    ProxyProblems.answerAndDrain(vertx, ctx.request(), ctx.response(),
                            Problem.of(413, "payload-too-large", "Payload too large",
                                    "The request body exceeds the limit of " + limit + " bytes for this endpoint.",
                                    ctx.request().path()), ProxyProblems.DRAIN_LIMIT);
                    return;
                }
                ctx.next();
            });
        }
        LOG.infof("Proxying to %s", table.services().isEmpty() ? "no service (none configured)" : table.services());
    }

    void close(@Observes ShutdownEvent event) {
        if (client != null) {
            client.close();
        }
    }
}
