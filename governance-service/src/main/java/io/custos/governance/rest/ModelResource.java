package io.custos.governance.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.governance.domain.ModelRecord;
import io.custos.governance.inventory.Annotations;
import io.custos.governance.service.InventoryService;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.Ids;
import io.custos.service.rest.StrictJson;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/governance/models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.ML_ENGINEER, Roles.DATA_STEWARD})
public class ModelResource {

    static final Set<String> STAGES = Set.of("NONE", "STAGING", "PRODUCTION", "ARCHIVED");
    static final Set<String> STATUSES = Set.of("compliant", "gaps", "non_compliant");

    @Inject
    Caller caller;

    @Inject
    ObjectMapper json;

    @Inject
    InventoryService inventory;

    @GET
    @Operation(summary = "The tenant's model inventory, newest first, optionally filtered")
    public List<ModelView> list(@QueryParam("stage") String stage, @QueryParam("compliance") String status,
            @QueryParam("source") String source, @QueryParam("owner") String owner, @QueryParam("q") String text,
            @QueryParam("incomplete") Boolean incomplete) {
        String s = stage == null || stage.isBlank() ? null : stage.strip().toUpperCase(Locale.ROOT);
        if (s != null && !STAGES.contains(s)) {
            throw ProblemException.badRequest("stage", "stage must be one of NONE, STAGING, PRODUCTION, ARCHIVED; was "
                    + stage);
        }
        String c = status == null || status.isBlank() ? null : status.strip().toLowerCase(Locale.ROOT);
        if (c != null && !STATUSES.contains(c)) {
            throw ProblemException.badRequest("compliance", "compliance must be one of compliant, gaps, non_compliant;"
                    + " was " + status);
        }
        String src = source == null || source.isBlank() ? null : source.strip().toLowerCase(Locale.ROOT);
        if (src != null && !Set.of("custos", "mlflow").contains(src)) {
            throw ProblemException.badRequest("source", "source must be custos or mlflow; was " + source);
        }
        String needle = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
        return ModelRecord.listForTenant(caller.tenant()).stream()
                .filter(r -> s == null || s.equals(r.stage))
                .filter(r -> c == null || c.equals(r.complianceStatus))
                .filter(r -> src == null || src.equals(r.source))
                .filter(r -> owner == null || owner.isBlank() || owner.strip().equals(r.owner))
                .filter(r -> incomplete == null || incomplete == !r.complete)
                .filter(r -> needle == null || r.name.toLowerCase(Locale.ROOT).contains(needle))
                .map(r -> ModelView.of(r, json)).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One inventory record: canonical record, annotations, compliance, lifecycle history")
    public ModelDetail get(@PathParam("id") String id) {
        ModelRecord r = find(id);
        return ModelDetail.of(r, inventory.effective(r), inventory.annotations(r), json);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    @Operation(summary = "Fill in governance fields (owner, purpose, risk and compliance fields, stage of Custos"
            + " models); the record is re-evaluated")
    public ModelDetail annotate(@PathParam("id") String id, JsonNode request) {
        Annotations body = StrictJson.read(request, Annotations.class, "");
        if (body == null) {
            throw ProblemException.badRequest("body", "a JSON object with the fields to set is required");
        }
        ModelRecord r = find(id);
        if (body.stage() != null && !STAGES.contains(body.stage().strip().toUpperCase(Locale.ROOT))) {
            throw ProblemException.badRequest("stage", "stage must be one of NONE, STAGING, PRODUCTION, ARCHIVED;"
                    + " was " + body.stage());
        }
        Annotations normalized = body.stage() == null ? body : new Annotations(body.owner(), body.businessPurpose(),
                body.riskCategory(), body.regulatoryScope(), body.dataSensitivity(), body.personalData(),
                body.privacyAssessmentStatus(), body.complianceApprover(), body.securityAssessmentVersion(),
                body.stage().strip().toUpperCase(Locale.ROOT));
        ModelRecord updated = inventory.annotate(r.id, caller.tenant(), normalized, caller.subject());
        return ModelDetail.of(updated, inventory.effective(updated), inventory.annotations(updated), json);
    }

    ModelRecord find(String id) {
        return Ids.parse(id).flatMap(uuid -> ModelRecord.findForTenant(uuid, caller.tenant()))
                .orElseThrow(() -> ProblemException.notFound("model", id));
    }
}
