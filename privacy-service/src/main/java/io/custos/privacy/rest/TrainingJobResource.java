package io.custos.privacy.rest;

import io.custos.privacy.domain.TrainingJob;
import io.custos.privacy.service.TrainingJobService;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.Ids;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/privacy/training-jobs")
@Produces(MediaType.APPLICATION_JSON)
public class TrainingJobResource {

    @Inject
    TrainingJobService jobs;

    @Inject
    Caller caller;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ML_ENGINEER, Roles.ADMIN})
    @Operation(summary = "Submit a DP training job",
            description = "Validates against the dataset and policy, reserves the budget (409 when it is not there),"
                    + " queues the job (202). Completion commits the ledger and emits training-completed.")
    public Response submit(@Valid @NotNull TrainingJobRequest request, @Context UriInfo uri) {
        TrainingJob job = jobs.submit(request, caller.tenant(), caller.subject());
        return Response.accepted(TrainingJobView.of(job, json))
                .location(uri.getAbsolutePathBuilder().path(job.id.toString()).build()).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ML_ENGINEER, Roles.ADMIN, Roles.AUDITOR, Roles.DATA_STEWARD})
    @Operation(summary = "Get a training job")
    public TrainingJobView get(@PathParam("id") String id) {
        return TrainingJobView.of(find(id), json);
    }

    @GET
    @Path("/{id}/model")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed({Roles.ML_ENGINEER, Roles.ADMIN, Roles.SERVICE})
    @Operation(summary = "Download the trained model artifact")
    public Response model(@PathParam("id") String id) {
        TrainingJob job = find(id);
        if (job.modelArtifact == null) {
            throw new ProblemException(409, "Not ready", "job " + id + " has no model yet (status " + job.status + ")");
        }
        return Response.ok(job.modelArtifact).header("Digest", "sha-256=" + job.modelSha256)
                .header("X-Content-SHA256", job.modelSha256).build();
    }

    private TrainingJob find(String id) {
        return Ids.parse(id).flatMap(uuid -> TrainingJob.findForTenant(uuid, caller.tenant()))
                .orElseThrow(() -> ProblemException.notFound("training job", id));
    }
}
