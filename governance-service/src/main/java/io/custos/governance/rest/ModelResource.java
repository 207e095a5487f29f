package io.custos.governance.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.governance.domain.ModelRecord;
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
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/governance/models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.ML_ENGINEER, Roles.DATA_STEWARD})
public class ModelResource {

    @Inject
    Caller caller;

    @Inject
    ObjectMapper json;

    @GET
    @Operation(summary = "The tenant's model inventory, newest first")
    public List<ModelView> list() {
        return ModelRecord.listForTenant(caller.tenant()).stream().map(r -> ModelView.of(r, json)).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One inventory record")
    public ModelView get(@PathParam("id") String id) {
        return Ids.parse(id).flatMap(uuid -> ModelRecord.findForTenant(uuid, caller.tenant()))
                .map(r -> ModelView.of(r, json)).orElseThrow(() -> ProblemException.notFound("model", id));
    }
}
