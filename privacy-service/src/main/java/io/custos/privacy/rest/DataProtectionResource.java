package io.custos.privacy.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.data.quality.QualityReport;
import io.custos.data.quality.QualityRules;
import io.custos.data.risk.RiskOptions;
import io.custos.data.risk.RiskReport;
import io.custos.data.transform.StepOutcome;
import io.custos.privacy.config.PrivacyConfig;
import io.custos.privacy.dataset.DatasetService;
import io.custos.privacy.protection.DataProtectionService;
import io.custos.service.rest.StrictJson;
import io.custos.service.problem.ProblemException;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Re-identification risk, transforms, data quality and drift of registered datasets. */
@Path("/api/privacy/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DataProtectionResource {

    @Inject
    DatasetService datasets;

    @Inject
    DataProtectionService protection;

    @Inject
    PrivacyConfig config;

    @Inject
    Caller caller;

    /** The body of a transform: ordered steps and the risk options of the before/after reports. */
    public record TransformRequest(JsonNode steps, JsonNode risk) {
    }

    /** Risk options as a request body carries them (all optional). */
    public record RiskOptionsBody(List<String> quasiIdentifiers, String sensitive, Integer k,
            Double populationFraction, Integer maxCombinationSize) {
    }

    public record TransformResponse(DatasetResource.DatasetView dataset, List<StepOutcome> steps,
            RiskReport riskBefore, RiskReport riskAfter) {
    }

    @GET
    @Path("/{id}/risk-report")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "Re-identification risk: uniqueness, PII (counts and rows, never values), quasi-identifiers,"
            + " k-anonymity, l-diversity, prosecutor and journalist risk, recommended actions; cached per content hash")
    public RiskReport riskReport(@PathParam("id") String id, @QueryParam("qi") String qi,
            @QueryParam("sensitive") String sensitive, @QueryParam("k") Integer k,
            @QueryParam("populationFraction") Double populationFraction,
            @QueryParam("maxCombinationSize") Integer maxCombinationSize) {
        List<String> qis = qi == null || qi.isBlank() ? null
                : Arrays.stream(qi.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        RiskOptions options = riskOptions(new RiskOptionsBody(qis, sensitive, k, populationFraction,
                maxCombinationSize));
        return protection.riskReport(datasets.live(id, caller.tenant()), options);
    }

    @POST
    @Path("/{id}/transform")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    @Operation(summary = "Apply ordered steps (redact PII, clip outliers, drop columns, generalise, reach k,"
            + " suppress small classes) and register the result as a new version; reports risk before and after")
    public Response transform(@PathParam("id") String id, JsonNode body, @Context UriInfo uri) {
        TransformRequest request = StrictJson.read(body, TransformRequest.class, "");
        if (request == null) {
            throw ProblemException.badRequest("steps", "required: a JSON body with a non-empty 'steps' array");
        }
        RiskOptions options = riskOptions(StrictJson.read(request.risk(), RiskOptionsBody.class, "risk"));
        DataProtectionService.TransformOutcome out = protection.transform(datasets.live(id, caller.tenant()),
                request.steps(), options, caller.subject());
        return Response.created(uri.getBaseUriBuilder().path("/api/privacy/datasets").path(out.version().id.toString())
                .build()).entity(new TransformResponse(DatasetResource.DatasetView.of(out.version()), out.steps(),
                        out.riskBefore(), out.riskAfter())).build();
    }

    @GET
    @Path("/{id}/quality-report")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "Completeness, uniqueness, consistency and outliers with a 0-100 score")
    public QualityReport quality(@PathParam("id") String id) {
        return protection.quality(datasets.live(id, caller.tenant()), QualityRules.none());
    }

    @POST
    @Path("/{id}/quality-report")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "The quality report checked against validity rules (ranges, regex, allowed values)")
    public QualityReport qualityWithRules(@PathParam("id") String id, JsonNode rules) {
        QualityRules parsed = StrictJson.read(rules, QualityRules.class, "rules");
        return protection.quality(datasets.live(id, caller.tenant()), parsed);
    }

    private RiskOptions riskOptions(RiskOptionsBody b) {
        RiskOptions d = RiskOptions.defaults();
        if (b == null) {
            return new RiskOptions(d.quasiIdentifiers(), d.sensitive(), d.k(), d.populationFraction(),
                    d.maxCombinationSize(), config.dataProtection().phoneRegion());
        }
        return new RiskOptions(b.quasiIdentifiers(), b.sensitive(), b.k() != null ? b.k() : d.k(),
                b.populationFraction(), b.maxCombinationSize() != null ? b.maxCombinationSize()
                        : d.maxCombinationSize(), config.dataProtection().phoneRegion());
    }
}
