package io.custos.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custos.gateway.config.GatewayConfig;
import io.custos.gateway.proxy.OpenApiAggregator;
import io.custos.gateway.proxy.ProxyRoutes;
import io.custos.gateway.proxy.RouteTable;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/openapi")
@Tag(name = "openapi", description = "The merged API description of the suite")
public class OpenApiResource {

    private final OpenApiAggregator aggregator;
    private final List<String> unconfigured = new ArrayList<>();

    public OpenApiResource(GatewayConfig config, ObjectMapper mapper, Clock clock) {
        RouteTable table = ProxyRoutes.routeTable(config);
        Map<String, String> urls = new LinkedHashMap<>();
        for (String service : RouteTable.knownServices()) {
            table.upstream(service).ifPresentOrElse(u -> urls.put(service, u.baseUrl()), () -> unconfigured.add(service));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.openapi().fetchTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        this.aggregator = new OpenApiAggregator(urls,
                OpenApiAggregator.httpFetcher(http, mapper, config.openapi().fetchTimeout()),
                config.openapi().cacheTtl(), clock);
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The OpenAPI document of the gateway and every reachable service, merged")
    public ObjectNode openapi(@Context HttpServerRequest request) {
        SocketAddress local = request.localAddress();
        String host = local.host() == null ? "127.0.0.1" : local.host();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return aggregator.merged("http://" + host + ":" + local.port() + OpenApiAggregator.DOCUMENT_PATH, unconfigured);
    }
}
