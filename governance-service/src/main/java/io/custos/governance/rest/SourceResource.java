package io.custos.governance.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.governance.domain.MlflowSource;
import io.custos.governance.domain.SyncRun;
import io.custos.governance.sources.SourceRequest;
import io.custos.governance.sources.SourceService;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.Ids;
import io.custos.service.rest.StrictJson;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The tenant's MLflow sources (read-only ingestion) and their syncs. */
@Path("/api/governance/sources")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.DATA_STEWARD})
public class SourceResource {

    @Inject
    Caller caller;

    @Inject
    SourceService sources;

    @GET
    @Operation(summary = "The tenant's MLflow sources (no secrets)")
    public List<SourceView> list() {
        return MlflowSource.listLive(caller.tenant()).stream().map(SourceView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Register an MLflow server: tracking URI, auth none/basic/bearer, extra headers, schedule")
    public Response register(JsonNode body, @Context UriInfo uri) {
        SourceRequest request = StrictJson.read(body, SourceRequest.class, "");
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object describing the source is required");
        }
        SourceView view = SourceView.of(sources.register(caller.tenant(), request, caller.subject()));
        return Response.created(uri.getAbsolutePathBuilder().path(view.id()).build()).entity(view).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One source")
    public SourceView get(@PathParam("id") String id) {
        return SourceView.of(find(id));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove a source: its credentials are destroyed, its records stay in the inventory")
    public Response delete(@PathParam("id") String id) {
        sources.delete(find(id).id, caller.tenant(), caller.subject());
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/sync")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    @Operation(summary = "Sync now (in the background): 202 with the sync run to poll")
    public Response sync(@PathParam("id") String id, @Context UriInfo uri) {
        SyncRun run = sources.startSync(find(id).id, caller.tenant(), "manual", caller.subject());
        return Response.accepted(SourceView.Run.of(run))
                .location(uri.getBaseUriBuilder().path("/api/governance/sources/" + id + "/syncs/" + run.id).build())
                .build();
    }

    @GET
    @Path("/{id}/syncs")
    @Operation(summary = "The source's syncs, newest first")
    public List<SourceView.Run> syncs(@PathParam("id") String id) {
        return SyncRun.forSource(find(id).id).stream().map(SourceView.Run::of).toList();
    }

    @GET
    @Path("/{id}/syncs/{runId}")
    @Operation(summary = "One sync run")
    public SourceView.Run run(@PathParam("id") String id, @PathParam("runId") String runId) {
        UUID source = find(id).id;
        return Ids.parse(runId).flatMap(r -> SyncRun.findForTenant(r, caller.tenant()))
                .filter(r -> r.sourceId.equals(source)).map(SourceView.Run::of)
                .orElseThrow(() -> ProblemException.notFound("sync run", runId));
    }

    private MlflowSource find(String id) {
        return Ids.parse(id).flatMap(uuid -> MlflowSource.findLive(uuid, caller.tenant()))
                .orElseThrow(() -> ProblemException.notFound("source", id));
    }
}
