package io.custos.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.custos.gateway.support.FakeService;
import io.custos.gateway.support.UpstreamPorts;
import io.custos.testsupport.CustosTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own span sits between the client's and the service's. By default nothing is
 * sampled (export off), but the trace id still flows.
 */
@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamPorts.class, restrictToAnnotatedClass = false)
class TracingEnabledTest {

    @Test
    void theTraceContinuesThroughTheGatewaySpan() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (FakeService privacy = FakeService.forRoute(vertx, "privacy")) {
            String traceId = "0af7651916cd43dd8448eb211c80319c";
            String clientSpan = "b7ad6b7169203331";
            given().header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                    .get("/api/privacy/echo").then().statusCode(200);
            String forwarded = privacy.last().header("traceparent");
            assertNotNull(forwarded);
            String[] parts = forwarded.split("-");
            assertEquals(traceId, parts[1], "same trace");
            assertNotEquals(clientSpan, parts[2], "the service's parent is the gateway's span, not the client's");
            assertEquals("00", parts[3], "sample ratio 0 by default: nothing is exported");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
