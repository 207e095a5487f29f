package io.custos.governance.rest;

import io.custos.governance.compliance.ComplianceService;
import io.custos.governance.core.compliance.Rule;
import io.custos.governance.service.InventoryService;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The compliance rules in force, and re-evaluation of the tenant's inventory against them. */
@Path("/api/governance/compliance")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.DATA_STEWARD, Roles.ML_ENGINEER})
public class ComplianceResource {

    @Inject
    Caller caller;

    @Inject
    ComplianceService compliance;

    @Inject
    InventoryService inventory;

    public record RuleView(String id, String title, String description, String severity, List<String> references,
            String remediation) {
    }

    @GET
    @Path("/rules")
    @Operation(summary = "The rules in force (shipped and operator's), with their parameters and sources")
    public Map<String, Object> rules() {
        return Map.of("fingerprint", compliance.rulesFingerprint(), "sources", compliance.rules().sources(),
                "parameters", compliance.rules().parameters(),
                "rules", compliance.rules().rules().stream().map(ComplianceResource::view).toList());
    }

    @POST
    @Path("/evaluate")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    @Operation(summary = "Re-evaluate every record of the tenant against the rules in force")
    public Map<String, Object> evaluate() {
        return Map.of("evaluated", inventory.reevaluate(caller.tenant(), caller.subject()),
                "fingerprint", compliance.rulesFingerprint());
    }

    private static RuleView view(Rule r) {
        return new RuleView(r.id(), r.title(), r.description(), r.severity().wireName(),
                r.references().stream().map(ref -> ref.framework().displayName() + " " + ref.clause()).toList(),
                r.remediation());
    }
}
