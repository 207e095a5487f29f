package io.custos.privacy.rest;

import io.custos.privacy.dataset.Dataset;
import io.custos.privacy.dataset.DatasetService;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.Ids;
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
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/privacy/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    @Inject
    DatasetService datasets;

    @Inject
    Caller caller;

    public record DatasetView(String id, String name, String sha256, long sizeBytes, long rowCount,
            List<String> columns, String createdBy, OffsetDateTime createdAt) {
        static DatasetView of(Dataset d) {
            return new DatasetView(d.id.toString(), d.name, d.sha256, d.sizeBytes, d.rowCount, d.columns, d.createdBy,
                    d.createdAt);
        }
    }

    @POST
    @Consumes({"text/csv", MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER})
    @Operation(summary = "Upload a CSV dataset (streamed, hashed, stored by content)")
    public Response upload(@QueryParam("name") String name, InputStream body, @Context UriInfo uri) {
        Dataset d = datasets.upload(name, body, caller.tenant(), caller.subject());
        return Response.created(uri.getAbsolutePathBuilder().path(d.id.toString()).build()).entity(DatasetView.of(d))
                .build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "The tenant's datasets, newest first")
    public List<DatasetView> list() {
        return Dataset.listForTenant(caller.tenant()).stream().map(DatasetView::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER, Roles.AUDITOR})
    public DatasetView get(@PathParam("id") String id) {
        return Ids.parse(id).flatMap(uuid -> Dataset.findForTenant(uuid, caller.tenant())).map(DatasetView::of)
                .orElseThrow(() -> ProblemException.notFound("dataset", id));
    }
}
