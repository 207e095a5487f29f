package io.custos.packaging.rest;

import io.custos.packaging.domain.Bundle;
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

@Path("/api/packaging/bundles")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.DATA_STEWARD})
public class BundleResource {

    @Inject
    Caller caller;

    @GET
    @Operation(summary = "List the tenant's bundles, newest first")
    public List<BundleView> list() {
        return Bundle.listForTenant(caller.tenant()).stream().map(BundleView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a bundle's metadata")
    public BundleView get(@PathParam("id") String id) {
        return Ids.parse(id).flatMap(uuid -> Bundle.findForTenant(uuid, caller.tenant())).map(BundleView::of)
                .orElseThrow(() -> ProblemException.notFound("bundle", id));
    }
}
