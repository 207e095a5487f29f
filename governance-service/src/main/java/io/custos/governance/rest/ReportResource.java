package io.custos.governance.rest;

import io.custos.governance.domain.ModelRecord;
import io.custos.governance.report.ReportService;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.Ids;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Compliance reports per model version, Markdown or PDF. */
@Path("/api/governance/reports")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.DATA_STEWARD})
public class ReportResource {

    @Inject
    Caller caller;

    @Inject
    ReportService reports;

    @GET
    @Path("/{modelId}")
    @Produces({"text/markdown", "application/pdf"})
    @Operation(summary = "Compliance report of one model version (format=md|pdf): privacy, evidence, gaps, audit excerpt")
    public Response report(@PathParam("modelId") String modelId, @QueryParam("format") String format) {
        ReportService.Format f;
        try {
            f = ReportService.Format.valueOf(format == null || format.isBlank() ? "MD"
                    : format.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("format", "format must be md or pdf; was " + format);
        }
        ModelRecord r = Ids.parse(modelId).flatMap(uuid -> ModelRecord.findForTenant(uuid, caller.tenant()))
                .orElseThrow(() -> ProblemException.notFound("model", modelId));
        ReportService.Rendered rendered = reports.render(r, f, caller.subject());
        return Response.ok(rendered.body(), rendered.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + rendered.fileName() + "\"").build();
    }
}
