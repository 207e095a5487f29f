package io.custos.governance.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.governance.audit.AuditTrail;
import io.custos.governance.core.compliance.ComplianceResult;
import io.custos.governance.core.compliance.RuleOutcome;
import io.custos.governance.core.compliance.Severity;
import io.custos.governance.core.model.ModelVersionRecord;
import io.custos.governance.rest.ModelDetail;
import io.custos.governance.rest.ModelResource;
import io.custos.governance.rest.ModelView;
import io.custos.service.problem.ProblemException;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The governance dashboard at {@code /governance/}: the inventory and one page per model version,
 * rendered on the server with Qute (escaped HTML, no JavaScript needed to read them).
 *
 * <p>Browsers authenticate with the gateway's access token in the cookie {@value #COOKIE}, which
 * the login page sets (see {@code application.properties}: smallrye-jwt reads that cookie, then
 * the Authorization header). Pages have the inventory API's roles; a page request without a valid
 * token is sent to the login page (303) rather than answered with a problem+json 401, and the
 * other errors of a page (403, 404, 400) are HTML pages. The data comes from the inventory API's
 * own methods ({@link ModelResource}), so filters, tenant scoping and 404s are the API's.
 */
@Path("/governance")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.ML_ENGINEER, Roles.DATA_STEWARD})
public class DashboardResource {

    /** The cookie that carries the access token (also the value of {@code mp.jwt.token.cookie}). */
    public static final String COOKIE = "custos_token";
    /** The paths the login page scopes the cookie to: the dashboard, and the report downloads it links. */
    public static final List<String> COOKIE_PATHS = List.of("/governance", "/api/governance/reports");
    public static final String LOGIN = "/governance/login";
    /** The roles of the report and audit APIs (which the model page links and excerpts). */
    static final Set<String> REPORT_ROLES = Set.of(Roles.ADMIN, Roles.AUDITOR, Roles.DATA_STEWARD);
    static final int AUDIT_EXCERPT = 20;

    /**
     * Pages only load the service's own CSS and scripts, and cannot be framed: whatever slipped
     * past escaping could not run.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    @Inject
    ModelResource models;

    @Inject
    AuditTrail audit;

    @Inject
    Caller caller;

    @Inject
    ObjectMapper json;

    @GET
    @Path("/")
    @Operation(summary = "Dashboard: the tenant's model inventory (HTML), filtered like GET /api/governance/models")
    public Response inventory(@QueryParam("stage") String stage, @QueryParam("compliance") String compliance,
            @QueryParam("source") String source, @QueryParam("q") String q) {
        List<ModelView> all = models.list(null, null, null, null, null, null);
        boolean filtered = !blank(stage) || !blank(compliance) || !blank(source) || !blank(q);
        List<ModelView> shown = all;
        String error = null;
        int status = 200;
        if (filtered) {
            try {
                shown = models.list(stage, compliance, source, null, q, null);
            } catch (ProblemException e) {
                shown = List.of();
                error = e.getMessage();
                status = e.status();
            }
        }
        Views.InventoryPage page = new Views.InventoryPage(user(), counts(all), all.size(),
                options(stage, List.of("NONE", "STAGING", "PRODUCTION", "ARCHIVED"), List.of("None", "Staging",
                        "Production", "Archived")),
                options(compliance, List.of(ComplianceResult.COMPLIANT, ComplianceResult.GAPS,
                        ComplianceResult.NON_COMPLIANT), List.of("Compliant", "Gaps", "Non-compliant")),
                options(source, List.of("custos", "mlflow"), List.of("Custos", "MLflow")),
                q == null ? "" : q, filtered, error, shown.stream().map(Views.Row::of).toList());
        return html(status, Pages.inventory(page));
    }

    @GET
    @Path("/models/{id}")
    @Operation(summary = "Dashboard: one model version (HTML): the six groups, compliance, reports, audit excerpt")
    public Response model(@PathParam("id") String id) {
        ModelDetail d = models.get(id); // the tenant's record, or the API's 404
        ModelView m = d.summary();
        ModelVersionRecord r = d.record();
        boolean privileged = caller.roles().stream().anyMatch(REPORT_ROLES::contains);

        ModelVersionRecord.Identity identity = r == null ? null : r.identity();
        ModelVersionRecord.Lifecycle lifecycle = r == null ? null : r.lifecycle();
        ModelVersionRecord.Evidence evidence = r == null ? null : r.evidence();
        ModelVersionRecord.Lineage lineage = r == null ? null : r.lineage();
        ModelVersionRecord.RiskCompliance risk = r == null ? null : r.risk();
        ModelVersionRecord.Artifacts artifacts = r == null ? null : r.artifacts();
        ModelVersionRecord.Source src = r == null ? null : r.source();
        ModelVersionRecord.Privacy privacy = risk == null ? null : risk.privacy();

        Views.Group identityGroup = new Views.Group("identity", "Identity", new Views.Fields()
                .add("Model name", identity == null ? m.name() : identity.modelName())
                .add("Description", identity == null ? null : identity.description())
                .add("Business purpose", identity == null ? null : identity.businessPurpose())
                .add("Owner", identity == null ? m.owner() : identity.owner())
                .add("Source", src == null ? m.source() : src.kind() + (src.sourceName() == null ? ""
                        : " (" + src.sourceName() + ")"))
                .code("Tracking URI", src == null ? null : src.trackingUri())
                .code("Inventory id", m.id()).list());
        Views.Group lifecycleGroup = new Views.Group("lifecycle", "Lifecycle", new Views.Fields()
                .add("Version", lifecycle == null ? m.version() : lifecycle.version())
                .add("Stage", lifecycle == null ? m.stage() : lifecycle.stage())
                .add("Aliases", lifecycle == null ? null : lifecycle.aliases())
                .add("Deployment status", lifecycle == null ? null : lifecycle.deploymentStatus())
                .add("Created", lifecycle == null ? null : lifecycle.createdAt())
                .add("Last updated", lifecycle == null ? null : lifecycle.lastUpdatedAt())
                .code("Source run", lifecycle == null ? null : lifecycle.sourceRunId())
                .code("Source artifact URI", lifecycle == null ? null : lifecycle.sourceArtifactUri())
                .add("Registered in the inventory", Views.when(m.registeredAt())).list());
        Views.Group evidenceGroup = new Views.Group("evidence", "Training & evaluation evidence", new Views.Fields()
                .add("Training status", evidence == null ? null : evidence.trainingStatus())
                .add("Training started", evidence == null ? null : evidence.trainingStartedAt())
                .add("Training ended", evidence == null ? null : evidence.trainingEndedAt()).list());
        Views.Group lineageGroup = new Views.Group("lineage", "Lineage", new Views.Fields()
                .add("Dataset", lineage == null ? null : lineage.datasetReference())
                .code("Dataset SHA-256", lineage == null ? null : lineage.datasetSha256())
                .add("Experiment", lineage == null ? null : join(lineage.experimentName(), lineage.experimentId()))
                .code("Code commit", lineage == null ? null : lineage.codeCommit())
                .code("Training entry point", lineage == null ? null : lineage.trainingEntrypoint())
                .code("Artifact URI", lineage == null ? null : lineage.artifactUri())
                .code("Training job", lineage == null ? m.trainingJobId() : lineage.trainingJobId())
                .code("Federation", lineage == null ? null : lineage.federationId()).list());
        Views.Group riskGroup = new Views.Group("risk", "Risk & compliance", new Views.Fields()
                .add("Risk category", risk == null ? null : risk.riskCategory())
                .add("Regulatory scope", risk == null ? null : risk.regulatoryScope())
                .add("Data sensitivity", risk == null ? null : risk.dataSensitivity())
                .add("Personal data", risk == null ? null : risk.personalData())
                .add("Privacy assessment", risk == null ? null : risk.privacyAssessmentStatus())
                .add("Compliance approver", risk == null ? null : risk.complianceApprover())
                .add("Security assessment", risk == null ? null : risk.securityAssessmentVersion()).list());
        Views.Group artifactsGroup = new Views.Group("artifacts", "Artifacts & environment", new Views.Fields()
                .code("Bundle", artifacts == null ? m.bundleId() : artifacts.bundleId())
                .code("Signing key", artifacts == null ? m.signingKeyId() : artifacts.signingKeyId()).list());

        ModelVersionRecord.Digests dg = artifacts == null ? null : artifacts.digests();
        List<Views.Entry> digests = new ArrayList<>();
        digest(digests, "Model", dg == null ? m.digests().model() : dg.model());
        digest(digests, "Bundle", dg == null ? m.digests().bundle() : dg.bundle());
        digest(digests, "ONNX", dg == null ? m.digests().onnx() : dg.onnx());
        digest(digests, "SBOM", dg == null ? m.digests().sbom() : dg.sbom());
        digest(digests, "Provenance", dg == null ? m.digests().provenance() : dg.provenance());

        List<Views.ArtifactRow> manifest = artifacts == null || artifacts.manifest() == null ? List.of()
                : artifacts.manifest().stream().map(f -> new Views.ArtifactRow(f.path(),
                        f.size() == null ? null : f.size() + " B", f.sha256(), f.notHashedReason())).toList();

        ComplianceResult result = compliance(d);
        List<Views.Outcome> outcomes = result == null ? List.of() : result.outcomes().stream()
                .sorted(Comparator.comparingInt(DashboardResource::outcomeRank)
                        .thenComparing(o -> -severityRank(o.severity())))
                .map(DashboardResource::outcome).toList();
        long failed = result == null ? 0 : result.failures().size();

        String reportBase = "/api/governance/reports/" + enc(m.id());
        Views.ModelPage page = new Views.ModelPage(user(), m.id(), m.name(), m.version(),
                Views.Badge.of(m.complianceStatus()), m.complete(), m.incompleteReason(),
                Views.when(d.complianceEvaluatedAt()), identityGroup, lifecycleGroup,
                d.lifecycle().stream().map(l -> new Views.LifecycleRow(l.kind(), l.from(), l.to(), Views.when(l.at()),
                        l.origin())).toList(),
                evidenceGroup, Views.entries(evidence == null ? null : evidence.metrics()),
                Views.entries(evidence == null ? null : evidence.hyperparameters()),
                Views.entries(evidence == null ? null : evidence.evaluationTags()), lineageGroup, riskGroup,
                new Views.Privacy(privacy == null ? null : Views.number(privacy.epsilon()),
                        privacy == null ? null : Views.number(privacy.delta()),
                        privacy == null ? null : privacy.accountant(), privacy != null),
                artifactsGroup, digests, Views.entries(artifacts == null ? null : artifacts.runtimeEnvironment()),
                manifest, artifacts == null || artifacts.evidenceFiles() == null ? List.of() : artifacts.evidenceFiles(),
                outcomes, failed, privileged, reportBase + "?format=md", reportBase + "?format=pdf", privileged,
                privileged ? auditExcerpt(m.id()) : List.of());
        return html(200, Pages.model(page));
    }

    @GET
    @Path("/login")
    @PermitAll
    @Operation(summary = "Dashboard: the login page (its script signs in through POST /api/auth/login)")
    public Response login() {
        return html(200, Pages.login());
    }

    @GET
    @Path("/logout")
    @PermitAll
    @Operation(summary = "Dashboard: forget the session cookie and go to the login page")
    public Response logout() {
        return expireCookies(Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, LOGIN)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")).build();
    }

    // --- Errors of a page are pages ---------------------------------------------------------------

    /** No token, or one that is expired or not ours: to the login page, and back here afterwards. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthenticated(RuntimeException e, HttpServerRequest request) {
        String back = request == null ? null : request.uri();
        String location = back == null || !back.startsWith("/governance/") ? LOGIN
                : LOGIN + "?next=" + enc(back);
        Response.ResponseBuilder r = Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, location)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        return (request != null && request.getCookie(COOKIE) != null ? expireCookies(r) : r).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return error(403, "Forbidden", "Your roles do not allow you to see the governance dashboard; it is for"
                + " administrators, auditors, data stewards and ML engineers.");
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return error(e.status(), e.title(), e.getMessage());
    }

    private Response error(int status, String title, String detail) {
        Views.User user;
        try {
            user = user();
        } catch (RuntimeException e) {
            user = null;
        }
        return html(status, Pages.error(new Views.ErrorPage(user, status, title, detail)));
    }

    // --- Helpers ----------------------------------------------------------------------------------

    private static Response html(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page.render())
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static Response.ResponseBuilder expireCookies(Response.ResponseBuilder r) {
        for (String path : COOKIE_PATHS) {
            r.header("Set-Cookie", COOKIE + "=; Path=" + path + "; Max-Age=0; SameSite=Strict");
        }
        return r;
    }

    private Views.User user() {
        return new Views.User(caller.subject(), caller.tenant(), String.join(", ", new TreeSet<>(caller.roles())));
    }

    private static List<Views.Count> counts(List<ModelView> all) {
        Map<String, Long> by = new java.util.HashMap<>();
        for (ModelView m : all) {
            by.merge(Objects.requireNonNullElse(m.complianceStatus(), "none"), 1L, Long::sum);
        }
        List<Views.Count> counts = new ArrayList<>();
        for (String s : List.of(ComplianceResult.COMPLIANT, ComplianceResult.GAPS, ComplianceResult.NON_COMPLIANT)) {
            Views.Badge b = Views.Badge.of(s);
            counts.add(new Views.Count(b.label(), by.getOrDefault(s, 0L), "/governance/?compliance=" + s,
                    b.cssClass()));
        }
        if (by.containsKey("none")) {
            counts.add(new Views.Count("Not evaluated", by.get("none"), null, "badge-none"));
        }
        return counts;
    }

    private static List<Views.Option> options(String chosen, List<String> values, List<String> labels) {
        String c = chosen == null ? "" : chosen.strip();
        List<Views.Option> options = new ArrayList<>();
        options.add(new Views.Option("", "Any", c.isEmpty()));
        for (int i = 0; i < values.size(); i++) {
            options.add(new Views.Option(values.get(i), labels.get(i), values.get(i).equalsIgnoreCase(c)));
        }
        return options;
    }

    private ComplianceResult compliance(ModelDetail d) {
        if (d.compliance() == null || d.compliance().isNull()) {
            return null;
        }
        try {
            return json.treeToValue(d.compliance(), ComplianceResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored compliance result of model " + d.summary().id()
                    + " is unreadable", e);
        }
    }

    private static int outcomeRank(RuleOutcome o) {
        return o.outcome() == null ? 3 : switch (o.outcome()) {
            case FAILED -> 0;
            case PASSED -> 1;
            case NOT_APPLICABLE -> 2;
        };
    }

    private static int severityRank(Severity s) {
        return s == null ? -1 : s.ordinal();
    }

    private static Views.Outcome outcome(RuleOutcome o) {
        String outcome = o.outcome() == null ? "UNKNOWN" : o.outcome().name();
        return new Views.Outcome(o.ruleId(), o.title(), switch (outcome) {
            case "FAILED" -> "Failed";
            case "PASSED" -> "Passed";
            case "NOT_APPLICABLE" -> "Not applicable";
            default -> outcome;
        }, "outcome-" + outcome.toLowerCase(Locale.ROOT).replace('_', '-'),
                o.severity() == null ? null : o.severity().wireName(), o.message(),
                o.references().stream().map(ref -> ref.framework().displayName() + " " + ref.clause() + " \u2014 "
                        + ref.title()).toList(),
                o.failed() ? o.remediation() : null, o.missingFacts());
    }

    /** The last entries of the model's audit trail, newest first. */
    private List<Views.AuditRow> auditExcerpt(String id) {
        return audit.latest(caller.tenant(), id, AUDIT_EXCERPT).stream().map(e -> new Views.AuditRow(e.seq(),
                Views.when(e.at()), e.actor(), e.action(), e.detail())).toList();
    }

    private static void digest(List<Views.Entry> into, String label, String value) {
        into.add(new Views.Entry(label, value));
    }

    private static String join(String name, String id) {
        if (name == null) {
            return id;
        }
        return id == null ? name : name + " (" + id + ")";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
