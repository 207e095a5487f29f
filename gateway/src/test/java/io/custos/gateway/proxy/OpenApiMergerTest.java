package io.custos.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.custos.testsupport.CustosTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class OpenApiMergerTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String s) {
        try {
            return M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final JsonNode GATEWAY = json("""
            {'openapi':'3.1.0','info':{'title':'Custos API','version':'1'},
             'servers':[{'url':'http://localhost:8080'}],
             'tags':[{'name':'auth','description':'Login'}],
             'paths':{'/api/auth/login':{'post':{'tags':['auth'],
                'responses':{'400':{'content':{'application/problem+json':{'schema':{'$ref':'#/components/schemas/Problem'}}}}}}}},
             'components':{'schemas':{'Problem':{'type':'object','properties':{'status':{'type':'integer'}}}},
                           'securitySchemes':{'jwt':{'type':'http','scheme':'bearer'}}}}""");

    private static final JsonNode PRIVACY = json("""
            {'openapi':'3.1.0','info':{'title':'privacy','version':'1'},
             'servers':[{'url':'http://privacy-service.internal:8080'}],
             'security':[{'jwt':[]}],
             'tags':[{'name':'auth','description':'other description'},{'name':'datasets'}],
             'paths':{'/api/privacy/datasets':{'get':{'tags':['datasets'],'responses':{'200':{'content':{'application/json':
                 {'schema':{'type':'array','items':{'$ref':'#/components/schemas/Dataset'}}}}},
                 '400':{'content':{'application/problem+json':{'schema':{'$ref':'#/components/schemas/Problem'}}}}}}}},
             'components':{'schemas':{
                 'Problem':{'type':'object','properties':{'status':{'type':'integer'}}},
                 'Dataset':{'type':'object','properties':{'id':{'type':'string'},'owner':{'$ref':'#/components/schemas/Owner'}}},
                 'Owner':{'type':'object','properties':{'name':{'type':'string'}}}},
               'securitySchemes':{'jwt':{'type':'http','scheme':'bearer'}}}}""");

    private static final JsonNode FEDERATED = json("""
            {'openapi':'3.1.0','info':{'title':'federated','version':'1'},
             'tags':[{'name':'federations'}],
             'paths':{'/api/federated/federations':{'post':{'tags':['federations'],
                 'security':[{'jwt':[]}],
                 'servers':[{'url':'http://federation-service.internal:8080'}],
                 'requestBody':{'content':{'application/json':{'schema':{'$ref':'#/components/schemas/Owner'}}}},
                 'responses':{'201':{'content':{'application/json':{'schema':{'$ref':'#/components/schemas/Owner/properties/name'}}}}}}}},
             'components':{'schemas':{
                 'Owner':{'type':'object','properties':{'name':{'type':'string'},'site':{'type':'string'}}}},
               'securitySchemes':{'jwt':{'type':'oauth2','flows':{}}}}}""");

    private final OpenApiMerger merger = new OpenApiMerger();

    @Test
    void mergesPathsOfEveryService() {
        ObjectNode merged = merger.merge(GATEWAY, List.of(new OpenApiMerger.Source("privacy", PRIVACY),
                new OpenApiMerger.Source("federated", FEDERATED)), List.of());
        List<String> paths = new ArrayList<>();
        merged.path("paths").fieldNames().forEachRemaining(paths::add);
        assertEquals(List.of("/api/auth/login", "/api/privacy/datasets", "/api/federated/federations"), paths);
        assertEquals("Custos API", merged.at("/info/title").asText());
        assertEquals("3.1.0", merged.path("openapi").asText());
    }

    @Test
    void identicalSchemasAreSharedAndConflictingOnesArePrefixedWithRefsRewritten() {
        ObjectNode merged = merger.merge(GATEWAY, List.of(new OpenApiMerger.Source("privacy", PRIVACY),
                new OpenApiMerger.Source("federated", FEDERATED)), List.of());
        JsonNode schemas = merged.at("/components/schemas");
        List<String> names = new ArrayList<>();
        schemas.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("Problem", "Dataset", "Owner", "federated_Owner"), names);
        // the same Problem everywhere: one schema, refs untouched
        assertEquals("#/components/schemas/Problem", merged.at(
                "/paths/~1api~1privacy~1datasets/get/responses/400/content/application~1problem+json/schema/$ref").asText());
        // privacy's Owner came first and keeps its name (and the ref inside Dataset)
        assertEquals("#/components/schemas/Owner", schemas.at("/Dataset/properties/owner/$ref").asText());
        assertEquals(PRIVACY.at("/components/schemas/Owner"), schemas.get("Owner"));
        // federated's different Owner is renamed, and so are its refs, deep pointers included
        assertEquals(FEDERATED.at("/components/schemas/Owner"), schemas.get("federated_Owner"));
        JsonNode post = merged.at("/paths/~1api~1federated~1federations/post");
        assertEquals("#/components/schemas/federated_Owner",
                post.at("/requestBody/content/application~1json/schema/$ref").asText());
        assertEquals("#/components/schemas/federated_Owner/properties/name",
                post.at("/responses/201/content/application~1json/schema/$ref").asText());
    }

    @Test
    void conflictingSecuritySchemesAreRenamedInRequirementsToo() {
        ObjectNode merged = merger.merge(GATEWAY, List.of(new OpenApiMerger.Source("federated", FEDERATED)), List.of());
        assertTrue(merged.at("/components/securitySchemes/federated_jwt").isObject());
        assertEquals("bearer", merged.at("/components/securitySchemes/jwt/scheme").asText());
        JsonNode security = merged.at("/paths/~1api~1federated~1federations/post/security/0");
        assertTrue(security.has("federated_jwt"), security.toString());
        assertFalse(security.has("jwt"));
    }

    @Test
    void serviceWideSecurityMovesOntoItsOperationsAndInternalServersAreDropped() {
        ObjectNode merged = merger.merge(GATEWAY, List.of(new OpenApiMerger.Source("privacy", PRIVACY),
                new OpenApiMerger.Source("federated", FEDERATED)), List.of());
        assertEquals(json("[{'jwt':[]}]"), merged.at("/paths/~1api~1privacy~1datasets/get/security"));
        assertFalse(merged.has("security"));
        String text = merged.toString();
        assertFalse(text.contains("internal:8080"), text);
        assertFalse(merged.has("servers"));
    }

    @Test
    void tagsAreMergedByNameFirstOneWins() {
        ObjectNode merged = merger.merge(GATEWAY, List.of(new OpenApiMerger.Source("privacy", PRIVACY),
                new OpenApiMerger.Source("federated", FEDERATED)), List.of());
        assertEquals(json("[{'name':'auth','description':'Login'},{'name':'datasets'},{'name':'federations'}]"),
                merged.get("tags"));
    }

    @Test
    void unavailableServicesAreListed() {
        ObjectNode merged = merger.merge(GATEWAY, List.of(new OpenApiMerger.Source("privacy", PRIVACY)),
                List.of("governance", "federated"));
        assertEquals(json("['federated','governance']"), merged.get(OpenApiMerger.UNAVAILABLE));
        assertEquals(json("[]"), merger.merge(GATEWAY, List.of(), List.of()).get(OpenApiMerger.UNAVAILABLE));
    }

    @Test
    void theInputsAreNotModified() {
        String before = PRIVACY.toString() + FEDERATED + GATEWAY;
        merger.merge(GATEWAY, List.of(new OpenApiMerger.Source("privacy", PRIVACY),
                new OpenApiMerger.Source("federated", FEDERATED)), List.of());
        assertEquals(before, PRIVACY.toString() + FEDERATED + GATEWAY);
    }

    @Test
    void aNameTakenByARenameGetsANumber() {
        JsonNode a = json("{'components':{'schemas':{'X':{'type':'string'},'b_X':{'type':'integer'}}}}");
        JsonNode b = json("{'components':{'schemas':{'X':{'type':'boolean'}}},"
                + "'paths':{'/api/b':{'get':{'responses':{'200':{'content':{'a/b':{'schema':{'$ref':'#/components/schemas/X'}}}}}}}}}");
        ObjectNode merged = merger.merge(a, List.of(new OpenApiMerger.Source("b", b)), List.of());
        assertEquals("boolean", merged.at("/components/schemas/b_X_2/type").asText());
        assertEquals("#/components/schemas/b_X_2",
                merged.at("/paths/~1api~1b/get/responses/200/content/a~1b/schema/$ref").asText());
    }

    @Test
    void theAggregatorCachesForItsTtlAndSkipsServicesItCannotFetch() {
        List<String> fetched = new ArrayList<>();
        Map<String, JsonNode> docs = Map.of("http://gw/q/openapi?format=json", GATEWAY,
                "http://privacy:1/q/openapi?format=json", PRIVACY);
        OpenApiAggregator.Fetcher fetcher = url -> {
            fetched.add(url);
            return CompletableFuture.completedFuture(Optional.ofNullable(docs.get(url)));
        };
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        java.util.LinkedHashMap<String, String> urls = new java.util.LinkedHashMap<>();
        urls.put("privacy", "http://privacy:1/");
        urls.put("federated", "http://federated:2");
        OpenApiAggregator aggregator = new OpenApiAggregator(urls, fetcher, Duration.ofSeconds(30), clock);

        ObjectNode first = aggregator.merged("http://gw/q/openapi?format=json", List.of("packaging"));
        assertEquals(json("['federated','packaging']"), first.get(OpenApiMerger.UNAVAILABLE));
        assertTrue(first.at("/paths").has("/api/privacy/datasets"));
        assertEquals(3, fetched.size());
        assertEquals("http://federated:2/q/openapi?format=json", fetched.get(2));

        now[0] = now[0].plusSeconds(29);
        aggregator.merged("http://gw/q/openapi?format=json", List.of("packaging"));
        assertEquals(3, fetched.size(), "served from the cache");
        now[0] = now[0].plusSeconds(2);
        aggregator.merged("http://gw/q/openapi?format=json", List.of("packaging"));
        assertEquals(6, fetched.size(), "fetched again after the TTL");
    }
}
