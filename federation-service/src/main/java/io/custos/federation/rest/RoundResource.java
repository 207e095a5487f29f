package io.custos.federation.rest;

import io.custos.federated.protocol.UpdateSubmission;
import io.custos.federation.domain.FederationRound;
import io.custos.federation.domain.GlobalModel;
import io.custos.federation.service.ClientBinding;
import io.custos.federation.service.GlobalModels;
import io.custos.federation.service.RoundViews;
import io.custos.federation.service.UpdateIntake;
import io.custos.federation.service.UpdateService;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/federated/rounds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "rounds", description = "Federated rounds: the global model, signed client updates, status")
public class RoundResource {


    @Inject
    RoundViews views;

    @Inject
    UpdateService updates;

    @Inject
    GlobalModels models;

    @Inject
    ClientBinding binding;

    @Inject
    Caller caller;

    @GET
    @Path("/{roundId}/status")
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.FL_CLIENT})
    @Operation(summary = "A round: status, deadline, invited clients, submissions, the models and the epsilon so far")
    public RoundView status(@PathParam("roundId") String roundId) {
        return views.view(visibleRound(roundId));
    }

    @GET
    @Path("/{roundId}/model")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.FL_CLIENT})
    @Operation(summary = "The global model the round starts from",
            description = "A custos-model/v1 artifact; the ETag is its SHA-256, which clients check.")
    public Response model(@PathParam("roundId") String roundId) {
        FederationRound r = visibleRound(roundId);
        GlobalModel m = models.find(r.federationId, r.modelSha256, r.tenant)
                .orElseThrow(() -> ProblemException.notFound("model of round", roundId));
        return ModelResponses.of(m);
    }

    @POST
    @Path("/{roundId}/updates")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FL_CLIENT)
    @Operation(summary = "Submit this client's signed update for the round",
            description = "An UpdateSubmission (federationId, round, clientId, nonce, samples, encoding f64le, update,"
                    + " signature). 202 when accepted; refusals are problem+json with a reason (see the docs) and"
                    + " are recorded for the audit.")
    public Response submit(@PathParam("roundId") String roundId, String body) {
        ClientBinding.Bound client = binding.require();
        SignedMessages.Parsed<UpdateSubmission> parsed = SignedMessages.read(body, UpdateSubmission.class, "an",
                "update submission");
        UpdateIntake.Accepted accepted = updates.submit(roundId, caller.tenant(), caller.subject(), client, parsed.value(),
                parsed.error());
        return Response.accepted(Map.of("roundId", accepted.round().id.toString(), "round", accepted.round().number,
                "clientId", accepted.update().clientId.toString(), "updateSha256", accepted.update().contentSha256))
                .build();
    }

    @GET
    @Path("/{roundId}/refusals")
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "Updates refused in this round, with who sent them and why")
    public List<RefusalView> refusals(@PathParam("roundId") String roundId) {
        return updates.refusals(visibleRound(roundId)).stream().map(RefusalView::of).toList();
    }

    private FederationRound visibleRound(String roundId) {
        FederationRound r = views.round(roundId, caller.tenant());
        binding.checkCanSee(r.federationId, "round", roundId);
        return r;
    }
}
