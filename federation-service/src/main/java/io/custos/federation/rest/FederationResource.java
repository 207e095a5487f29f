package io.custos.federation.rest;

import io.custos.federation.domain.Federation;
import io.custos.federation.domain.FederationClient;
import io.custos.federation.service.FederationService;
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
        return federations.list(caller.tenant()).stream().map(federations::view).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.FL_CLIENT})
    @Operation(summary = "Get a federation")
    public FederationView get(@PathParam("id") String id) {
        return federations.view(federations.get(id, caller.tenant()));
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
        return federations.clients(id, caller.tenant()).stream().map(ClientView::of).toList();
    }

    @GET
    @Path("/{id}/clients/{clientId}")
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "Get one registered client of a federation")
    public ClientView client(@PathParam("id") String id, @PathParam("clientId") String clientId) {
        return ClientView.of(federations.client(id, clientId, caller.tenant()));
    }
}
