package io.custos.federation.rest;

import io.custos.federation.domain.Federation;
import io.custos.federation.domain.FederationClient;
import io.custos.federation.domain.GlobalModel;
import io.custos.federation.service.ClientBinding;
import io.custos.federation.service.FederationService;
import io.custos.federation.service.GlobalModels;
import io.custos.federation.service.RoundService;
import io.custos.federation.service.RoundViews;
import io.custos.service.problem.ProblemException;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/federated/federations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "federations", description = "Federations and their registered clients")
public class FederationResource {

    @Inject
    FederationService federations;

    @Inject
    Caller caller;

    @Inject
    RoundService rounds;

    @Inject
    RoundViews roundViews;

    @Inject
    GlobalModels models;

    @Inject
    ClientBinding binding;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER})
    @Operation(summary = "Create a federation",
            description = "Declares the model, feature schema, target, rounds, client limits and aggregation strategy. "
                    + "Every rule is checked before anything is stored; violations are a 400 naming each field.")
    public Response create(@Valid @NotNull FederationRequest request, @Context UriInfo uri) {
        Federation f = federations.create(request, caller.tenant(), caller.subject());
        return Response.created(uri.getAbsolutePathBuilder().path(f.id.toString()).build())
                .entity(federations.view(f)).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.FL_CLIENT})
    @Operation(summary = "List the federations of the caller's tenant", description = "Newest first.")
    public List<FederationView> list() {
        return federations.list(caller.tenant()).stream().filter(f -> binding.canSee(f.id)).map(federations::view)
                .toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.FL_CLIENT})
    @Operation(summary = "Get a federation")
    public FederationView get(@PathParam("id") String id) {
        return federations.view(visible(id));
    }

    @POST
    @Path("/{id}/start")
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER})
    @Operation(summary = "Start a federation: open round 1",
            description = "Needs at least minClients registered clients. Round 1 starts from a data-independent initial"
                    + " model; each round is open for roundTimeoutSeconds or until every invited client has sent its"
                    + " update. Starting twice is a 409.")
    public FederationView start(@PathParam("id") String id) {
        Federation f = rounds.start(id, caller.tenant(), caller.subject());
        return federations.view(federations.get(f.id.toString(), caller.tenant()));
    }

    @GET
    @Path("/{id}/rounds")
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.FL_CLIENT})
    @Operation(summary = "The rounds of a federation, newest first")
    public List<RoundView> rounds(@PathParam("id") String id) {
        return rounds.rounds(visible(id)).stream().map(roundViews::view).toList();
    }

    @GET
    @Path("/{id}/rounds/current")
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.FL_CLIENT})
    @Operation(summary = "The open round, or the last one when the federation has finished",
            description = "404 before the federation starts.")
    public RoundView currentRound(@PathParam("id") String id) {
        return roundViews.view(rounds.current(visible(id)));
    }

    @GET
    @Path("/{id}/models/{sha256}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.FL_CLIENT, Roles.SERVICE})
    @Operation(summary = "A global model of the federation by its SHA-256 (as round-ready names it)")
    public Response modelBySha(@PathParam("id") String id, @PathParam("sha256") String sha256) {
        Federation f = visible(id);
        GlobalModel m = models.find(f.id, sha256, f.tenant)
                .orElseThrow(() -> ProblemException.notFound("model", sha256));
        return ModelResponses.of(m);
    }

    @GET
    @Path("/{id}/model")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.SERVICE})
    @Operation(summary = "The final global model of a completed federation",
            description = "What training-completed points packaging to; 404 until the last round completes.")
    public Response finalModel(@PathParam("id") String id) {
        Federation f = visible(id);
        if (f.finalModelSha256 == null) {
            throw ProblemException.notFound("final model of federation", id + " (it is " + f.status + ")");
        }
        GlobalModel m = models.find(f.id, f.finalModelSha256, f.tenant).orElseThrow();
        return ModelResponses.of(m);
    }

    @GET
    @Path("/{id}/clients/me")
    @RolesAllowed(Roles.FL_CLIENT)
    @Operation(summary = "The client the caller's token is bound to")
    public ClientView me(@PathParam("id") String id) {
        ClientBinding.Bound bound = binding.require();
        Federation f = visible(id);
        if (!bound.federationId().equals(f.id)) {
            throw ProblemException.notFound("federation", id);
        }
        return ClientView.of(federations.client(id, bound.clientId().toString(), caller.tenant()));
    }

    private Federation visible(String id) {
        Federation f = federations.get(id, caller.tenant());
        binding.checkCanSee(f.id, "federation", id);
        return f;
    }

    @POST
    @Path("/{id}/clients")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Register a client of a federation",
            description = "Registers a site by name with the Ed25519 public key that will sign its model updates: "
                    + "PEM '-----BEGIN PUBLIC KEY-----', or base64 of the raw 32-byte key or of the X.509 "
                    + "SubjectPublicKeyInfo DER. A name or key already registered in the federation is a 409.")
    public Response register(@PathParam("id") String id, @Valid @NotNull ClientRegistrationRequest request,
            @Context UriInfo uri) {
        FederationClient c = federations.register(id, request, caller.tenant(), caller.subject());
        return Response.created(uri.getAbsolutePathBuilder().path(c.id.toString()).build())
                .entity(ClientView.of(c)).build();
    }

    @GET
    @Path("/{id}/clients")
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "List the clients registered in a federation")
    public List<ClientView> clients(@PathParam("id") String id) {
        return federations.clients(visible(id).id.toString(), caller.tenant()).stream().map(ClientView::of).toList();
    }

    @GET
    @Path("/{id}/clients/{clientId}")
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "Get one registered client of a federation")
    public ClientView client(@PathParam("id") String id, @PathParam("clientId") String clientId) {
        return ClientView.of(federations.client(id, clientId, caller.tenant()));
    }
}
