package io.custos.privacy.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.data.drift.DriftOptions;
import io.custos.data.drift.DriftReport;
import io.custos.privacy.dataset.DatasetService;
import io.custos.privacy.protection.DataProtectionService;
import io.custos.service.rest.StrictJson;
import io.custos.service.problem.ProblemException;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Drift between two dataset versions of the tenant. */
@Path("/api/privacy/drift")
@Produces(MediaType.APPLICATION_JSON)
public class DriftResource {

    @Inject
    DatasetService datasets;

    @Inject
    DataProtectionService protection;

    @Inject
    Caller caller;

    public record DriftRequest(String baselineId, String currentId, Double alpha, Double psiWarning, Double psiDrift,
            List<String> columns) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "Drift between two datasets: KS (numeric), chi-square (categorical), PSI, verdict per column")
    public DriftReport drift(JsonNode body) {
        DriftRequest r = StrictJson.read(body, DriftRequest.class, "");
        if (r == null || r.baselineId() == null || r.currentId() == null) {
            throw ProblemException.badRequest(r == null || r.baselineId() == null ? "baselineId" : "currentId",
                    "required: the id of a dataset version");
        }
        DriftOptions d = DriftOptions.defaults();
        DriftOptions options = new DriftOptions(r.alpha() != null ? r.alpha() : d.alpha(),
                r.psiWarning() != null ? r.psiWarning() : d.psiWarning(),
                r.psiDrift() != null ? r.psiDrift() : d.psiDrift(), r.columns());
        return protection.drift(datasets.live(r.baselineId(), caller.tenant()),
                datasets.live(r.currentId(), caller.tenant()), options);
    }

}
