package io.custos.packaging.rest;

import io.custos.crypto.PublicKeySet;
import io.custos.crypto.SigningKeyRing;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * The bundle signing keys: every public key ever used (retired ones too, so old bundles still
 * verify), in the shape {@code custos bundle verify --public-key} reads; rotation for admins.
 */
@Path("/api/packaging/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

    private static final Logger LOG = Logger.getLogger(KeyResource.class);

    @Inject
    SigningKeyRing keys;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.DATA_STEWARD, Roles.FL_CLIENT})
    @Operation(summary = "Public keys that sign bundles: the active one and every retired one")
    public Response list() {
        return Response.ok(PublicKeySet.toJson(keys.keys()), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/rotate")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rotate the signing key: a new key signs from now on; the old public key stays")
    public Response rotate() {
        SigningKeyRing.KeyInfo created;
        synchronized (keys) {
            created = keys.rotate();
        }
        LOG.infof("bundle signing key rotated; active key is now %s", created.keyId());
        return Response.ok(PublicKeySet.toJson(keys.keys()), MediaType.APPLICATION_JSON).build();
    }
}
