package io.custos.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.testsupport.CustosTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.MultiMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class RouteTableTest {

    private static RouteTable table() {
        Map<String, Optional<String>> urls = new LinkedHashMap<>();
        urls.put("privacy", Optional.of("http://privacy-service:8080"));
        urls.put("federated", Optional.of("https://fed.example"));
        urls.put("packaging", Optional.empty());
        urls.put("governance", Optional.of("http://gov:9000/"));
        return new RouteTable(urls);
    }

    @Test
    void resolvesPrefixesAtSegmentBoundaries() {
        RouteTable t = table();
        assertEquals("privacy", t.resolve("/api/privacy/datasets/1").orElseThrow().service());
        assertEquals("privacy", t.resolve("/api/privacy").orElseThrow().service());
        assertTrue(t.resolve("/api/privacyx").isEmpty());
        assertTrue(t.resolve("/api/auth/login").isEmpty());
        assertEquals("governance", t.resolve("/governance/").orElseThrow().service());
        assertEquals("governance", t.resolve("/api/governance/models").orElseThrow().service());
        assertTrue(t.resolve("/api/packaging/bundles").orElseThrow().base().isEmpty(), "not configured");
        assertEquals(new RouteTable.Upstream(true, "fed.example", 443), t.upstream("federated").orElseThrow());
        assertEquals(new RouteTable.Upstream(false, "gov", 9000), t.upstream("governance").orElseThrow());
        assertEquals(List.of("privacy", "federated", "governance"), t.services());
    }

    @Test
    void rejectsBaseUrlsThatAreNotPlainOrigins() {
        assertThrows(IllegalArgumentException.class,
                () -> new RouteTable(Map.of("privacy", Optional.of("http://svc:8080/prefix"))));
        assertThrows(IllegalArgumentException.class, () -> new RouteTable(Map.of("privacy", Optional.of("ftp://svc"))));
        assertThrows(IllegalArgumentException.class, () -> new RouteTable(Map.of("privacy", Optional.of("svc:8080"))));
    }

    @Test
    void refusesPathsThatCouldClimbOutOfTheirPrefix() {
        assertTrue(RouteTable.safePath("/api/privacy/datasets/a.b/c..d"));
        assertFalse(RouteTable.safePath("/api/privacy/../admin"));
        assertFalse(RouteTable.safePath("/api/privacy/%2E%2e/admin"));
        assertFalse(RouteTable.safePath("/api/privacy/./x"));
        assertFalse(RouteTable.safePath("/api/privacy/a%2Fb"));
        assertFalse(RouteTable.safePath("/api/privacy/.."));
    }

    @Test
    void headerPolicyDropsHopByHopAndIdentityHeaders() {
        MultiMap in = MultiMap.caseInsensitiveMultiMap()
                .add("Connection", "keep-alive, X-Secret").add("X-Secret", "s").add("Keep-Alive", "1")
                .add("Transfer-Encoding", "chunked").add("X-Tenant", "t").add("X-Forwarded-For", "1.2.3.4")
                .add("Host", "h").add("Authorization", "Bearer x").add("Accept", "a").add("Accept", "b");
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        HeaderPolicy.copyRequestHeaders(in, out);
        assertEquals(java.util.Set.of("Authorization", "Accept"), java.util.Set.copyOf(out.names()));
        assertEquals(List.of("a", "b"), out.getAll("Accept"));

        MultiMap back = MultiMap.caseInsensitiveMultiMap();
        HeaderPolicy.copyResponseHeaders(in, back);
        assertFalse(back.contains("X-Secret"));
        assertFalse(back.contains("Transfer-Encoding"));
        assertTrue(back.contains("X-Tenant"), "response headers are the service's business");
    }
}
