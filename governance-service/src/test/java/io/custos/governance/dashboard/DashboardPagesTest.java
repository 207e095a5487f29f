package io.custos.governance.dashboard;

import static io.custos.governance.dashboard.DashboardFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.testsupport.CustosTestResource;
import io.custos.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's pages over HTTP: cookie authentication (and the API's header authentication
 * beside it), the redirect to the login page, tenant isolation, roles, filters, and escaping.
 */
@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class DashboardPagesTest {

    static final String COOKIE = "custos_token";
    static final String XSS = "<script>alert('x')</script>";

    private static String tenant;
    private static String hostile;
    private static String hostileId;
    private static String churn;
    private static String churnId;

    @BeforeEach
    void records() {
        if (tenant == null) {
            String suffix = UUID.randomUUID().toString().substring(0, 6);
            String t = DashboardFixtures.tenant();
            hostile = "fraud-" + suffix + XSS;
            churn = "churn-" + suffix;
            hostileId = DashboardFixtures.register(t, hostile);
            churnId = DashboardFixtures.registerNonCompliant(t, churn);
            tenant = t;
        }
    }

    private static String page(String path, String role) {
        return given().cookie(COOKIE, token(tenant, role)).redirects().follow(false).get(path).then()
                .statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .extract().asString();
    }

    @Test
    void withoutAValidTokenAPageRedirectsToTheLoginPageWhileTheApiSaysProblemJson() {
        for (String path : new String[] {"/governance/", "/governance/models/" + hostileId}) {
            given().redirects().follow(false).get(path).then().statusCode(303)
                    .header("Location", startsWith("/governance/login"));
        }
        given().redirects().follow(false).get("/governance/models/" + hostileId).then()
                .header("Location", equalTo("/governance/login?next=%2Fgovernance%2Fmodels%2F" + hostileId));
        // A forged or expired cookie: to the login page, and the stale cookie is dropped.
        for (String bad : new String[] {TestKeys.shared().forgedToken("a", tenant, "auditor"),
                TestKeys.shared().expiredToken("a", tenant, "auditor"), "not-a-jwt"}) {
            Response r = given().cookie(COOKIE, bad).redirects().follow(false).get("/governance/");
            assertEquals(303, r.statusCode());
            assertEquals("/governance/login?next=%2Fgovernance%2F", r.header("Location"));
            assertTrue(r.headers().getValues("Set-Cookie")
                    .contains(COOKIE + "=; Path=/governance; Max-Age=0; SameSite=Strict"), r.headers().toString());
        }
        // The API keeps its problem+json 401, with or without a cookie of the wrong kind.
        given().get("/api/governance/models").then().statusCode(401).contentType("application/problem+json");
        given().cookie(COOKIE, "not-a-jwt").get("/api/governance/models").then().statusCode(401)
                .contentType("application/problem+json");
        // The login page, its script and its style need no token.
        given().get("/governance/login").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("id=\"login-form\""), containsString("/governance/static/login.js"));
        given().get("/governance/static/login.js").then().statusCode(200)
                .body(containsString("/api/auth/login"), containsString("SameSite=Strict"));
        given().get("/governance/static/dashboard.css").then().statusCode(200).body(containsString(".badge"));
    }

    @Test
    void theApiAcceptsTheCookieAndStillTheAuthorizationHeader() {
        given().auth().oauth2(token(tenant, "auditor")).get("/api/governance/models").then().statusCode(200)
                .body("id", hasItem(hostileId));
        given().cookie(COOKIE, token(tenant, "auditor")).get("/api/governance/models").then().statusCode(200)
                .body("id", hasItem(churnId));
        byte[] pdf = given().cookie(COOKIE, token(tenant, "auditor"))
                .get("/api/governance/reports/" + churnId + "?format=pdf").then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        assertEquals("%PDF", new String(pdf, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void theInventoryListsTheTenantsModelsWithBadgesCountsAndFilters() {
        String html = page("/governance/", "auditor");
        assertTrue(html.contains("/governance/models/" + hostileId), html);
        assertTrue(html.contains("/governance/models/" + churnId), html);
        assertTrue(html.contains("data-status=\"compliant\""), html);
        assertTrue(html.contains("data-status=\"non_compliant\""), html);
        assertTrue(html.contains(">Non-compliant</span>") || html.contains(" Non-compliant</span>"), html);
        assertTrue(html.matches("(?s).*data-status-count=\"Compliant\">\\s*<a [^>]*><span class=\"n\">1</span>.*"),
                html);
        assertTrue(html.matches("(?s).*data-status-count=\"Non-compliant\">\\s*<a [^>]*><span class=\"n\">1</span>.*"),
                html);
        assertTrue(html.contains("2 of 2 model versions"), html);

        String filtered = page("/governance/?compliance=non_compliant&stage=&source=&q=", "ml-engineer");
        assertTrue(filtered.contains("/governance/models/" + churnId), filtered);
        assertFalse(filtered.contains("/governance/models/" + hostileId), filtered);
        assertTrue(filtered.contains("1 of 2 model versions (filtered)"), filtered);
        assertTrue(filtered.contains("<option value=\"non_compliant\" selected>"), filtered);

        String searched = page("/governance/?q=FRAUD&source=custos&stage=none", "data-steward");
        assertTrue(searched.contains("/governance/models/" + hostileId), searched);
        assertFalse(searched.contains("/governance/models/" + churnId), searched);

        // A bad filter value is the API's message, on the page.
        given().cookie(COOKIE, token(tenant, "auditor")).get("/governance/?stage=LIVE").then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("stage must be one of"));
    }

    @Test
    void everythingIsEscaped() {
        String inventory = page("/governance/?q=fraud", "auditor");
        String model = page("/governance/models/" + hostileId, "auditor");
        String searched = given().cookie(COOKIE, token(tenant, "auditor")).queryParam("q", XSS)
                .get("/governance/").then().extract().asString();
        for (String html : new String[] {inventory, model, searched}) {
            assertFalse(html.contains(XSS), html);
            assertFalse(html.contains("<script>alert"), html);
        }
        assertTrue(inventory.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), inventory);
        assertTrue(model.contains("fraud-"), model);
        assertTrue(model.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), model);
        assertTrue(searched.contains("value=\"&lt;script&gt;"), searched);
    }

    @Test
    void theModelPageShowsTheRecordPrivacyComplianceReportsAndAudit() {
        String html = page("/governance/models/" + churnId, "auditor");
        assertTrue(html.contains("<dd id=\"privacy-epsilon\">1.5</dd>"), html);
        assertTrue(html.contains("<dd id=\"privacy-delta\">0.000001</dd>"), html);
        assertTrue(html.contains("<dd id=\"privacy-accountant\">rdp</dd>"), html);
        for (String group : new String[] {"1. Identity", "2. Lifecycle", "3. Training &amp; evaluation evidence",
                "4. Lineage", "5. Risk &amp; compliance", "6. Artifacts &amp; environment"}) {
            assertTrue(html.contains(group), group);
        }
        assertTrue(html.contains("<th scope=\"row\">auc</th><td>0.87</td>"), html);
        assertTrue(html.contains("22".repeat(32)), "ONNX digest");
        assertTrue(html.contains("adult-v3"), "dataset");
        assertTrue(html.contains("<td>PRODUCTION</td>"), "lifecycle history: the stage change");
        // Failed rules first, with severity, message, references and remediation.
        int failed = html.indexOf("class=\"outcome outcome-failed\" data-rule=\"privacy-assessment-for-personal-data\"");
        int firstPassed = html.indexOf("class=\"outcome outcome-passed\"");
        assertTrue(failed > 0, html);
        assertTrue(firstPassed < 0 || html.lastIndexOf("outcome-failed") < firstPassed, "failed first");
        assertTrue(html.contains("class=\"severity severity-error\""), html);
        assertTrue(html.contains("Remediation:"), html);
        assertTrue(html.contains("GDPR"), html);
        // Reports and the audit excerpt.
        assertTrue(html.contains("href=\"/api/governance/reports/" + churnId + "?format=pdf\""), html);
        assertTrue(html.contains("href=\"/api/governance/reports/" + churnId + "?format=md\""), html);
        assertTrue(html.contains("<td>model.recorded</td>"), html);
        assertTrue(html.contains("<td>model.annotated</td>"), html);

        // An ML engineer sees the page, but not what the report and audit APIs keep from them.
        String engineer = page("/governance/models/" + churnId, "ml-engineer");
        assertTrue(engineer.contains("privacy-epsilon"), engineer);
        assertFalse(engineer.contains("/api/governance/reports/"), engineer);
        assertFalse(engineer.contains("id=\"audit-excerpt\""), engineer);
    }

    @Test
    void anotherTenantsModelIsA404PageAndAFederatedClientIsForbidden() {
        given().cookie(COOKIE, token("globex", "auditor")).get("/governance/models/" + hostileId).then()
                .statusCode(404).contentType(containsString("text/html"))
                .body(containsString("404"), not(containsString("fraud-")));
        given().cookie(COOKIE, token(tenant, "auditor")).get("/governance/models/not-a-uuid").then()
                .statusCode(404).contentType(containsString("text/html"));
        given().cookie(COOKIE, token("globex", "auditor")).get("/governance/").then().statusCode(200)
                .body(not(containsString(hostileId)), containsString("0 of 0 model versions"));
        for (String path : new String[] {"/governance/", "/governance/models/" + hostileId}) {
            given().cookie(COOKIE, token(tenant, "fl-client")).redirects().follow(false).get(path).then()
                    .statusCode(403).contentType(containsString("text/html")).body(containsString("Forbidden"));
        }
    }

    @Test
    void logoutDropsTheCookieEverywhereTheLoginPageSetIt() {
        Response r = given().cookie(COOKIE, token(tenant, "auditor")).redirects().follow(false)
                .get("/governance/logout");
        assertEquals(303, r.statusCode());
        assertEquals("/governance/login", r.header("Location"));
        assertTrue(r.headers().getValues("Set-Cookie").contains(COOKIE + "=; Path=/governance; Max-Age=0; SameSite=Strict"),
                r.headers().toString());
        assertTrue(r.headers().getValues("Set-Cookie")
                .contains(COOKIE + "=; Path=/api/governance/reports; Max-Age=0; SameSite=Strict"), r.headers().toString());
    }
}
