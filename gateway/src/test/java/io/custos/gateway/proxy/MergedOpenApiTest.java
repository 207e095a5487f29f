package io.custos.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.custos.gateway.support.FakeService;
import io.custos.gateway.support.UpstreamPorts;
import io.custos.testsupport.CustosTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = UpstreamPorts.class, restrictToAnnotatedClass = false)
class MergedOpenApiTest {

    private static Vertx vertx;
    private static FakeService privacy;
    private static FakeService federated;

    private static JsonObject doc(String json) {
        return new JsonObject(json.replace('\'', '"'));
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        privacy = FakeService.forRoute(vertx, "privacy").openapi(doc("""
                {'openapi':'3.1.0','info':{'title':'privacy','version':'1'},
                 'tags':[{'name':'datasets'}],
                 'paths':{'/api/privacy/datasets':{'get':{'tags':['datasets'],'responses':{'200':{'content':
                   {'application/json':{'schema':{'$ref':'#/components/schemas/Dataset'}}}}}}}},
                 'components':{'schemas':{'Dataset':{'type':'object','properties':{'rows':{'type':'integer'}}}}}}"""));
        federated = FakeService.forRoute(vertx, "federated").openapi(doc("""
                {'openapi':'3.1.0','info':{'title':'federated','version':'1'},
                 'tags':[{'name':'federations'}],
                 'paths':{'/api/federated/federations':{'post':{'tags':['federations'],'responses':{'201':{'content':
                   {'application/json':{'schema':{'$ref':'#/components/schemas/Dataset'}}}}}}}},
                 'components':{'schemas':{'Dataset':{'type':'object','properties':{'sites':{'type':'array'}}}}}}"""));
    }

    @AfterAll
    static void stop() throws Exception {
        privacy.close();
        federated.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void mergesTheGatewayAndTheReachableServicesAndListsTheOthers() {
        String body = given().get("/api/openapi").then().statusCode(200).contentType(ContentType.JSON)
                // the gateway's own operations
                .body("paths", hasKey("/api/auth/login"))
                .body("paths", hasKey("/api/admin/users"))
                // the services'
                .body("paths", hasKey("/api/privacy/datasets"))
                .body("paths", hasKey("/api/federated/federations"))
                // the conflicting schema of the second service is renamed, with its ref
                .body("components.schemas.Dataset.properties", hasKey("rows"))
                .body("components.schemas.federated_Dataset.properties", hasKey("sites"))
                .body("paths.'/api/federated/federations'.post.responses.'201'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/federated_Dataset"))
                .body("tags.name", org.hamcrest.Matchers.hasItems("auth", "datasets", "federations"))
                .body("'x-custos-unavailable'", equalTo(List.of("governance", "packaging")))
                .body("$", not(hasKey("servers")))
                .extract().asString();
        assertFalse(body.contains("127.0.0.1"), "internal addresses leaked");
    }
}
