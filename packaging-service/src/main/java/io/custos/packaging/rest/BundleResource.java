package io.custos.packaging.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.bundle.BundleLayout;
import io.custos.bundle.validate.BundleValidator;
import io.custos.bundle.validate.ValidationReport;
import io.custos.crypto.Dsse;
import io.custos.crypto.SigningKeyRing;
import io.custos.packaging.domain.Bundle;
import io.custos.packaging.service.BundleService;
import io.custos.packaging.service.StoredBundles;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Bundles of the caller's tenant: list, build, metadata, and each part of the signed archive. */
@Path("/api/packaging/bundles")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.DATA_STEWARD})
public class BundleResource {

    static final String CYCLONEDX_JSON = "application/vnd.cyclonedx+json";
    static final String ZIP = "application/zip";

    @Inject
    Caller caller;

    @Inject
    BundleService bundles;

    @Inject
    StoredBundles stored;

    @Inject
    SigningKeyRing keys;

    @Inject
    ObjectMapper json;

    @GET
    @Operation(summary = "List the tenant's bundles, newest first")
    public List<BundleView> list() {
        return Bundle.listForTenant(caller.tenant()).stream().map(b -> BundleView.of(b, json)).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER})
    @Operation(summary = "Build (or return) the signed bundle of a finished training job")
    public Response build(@Valid @NotNull(message = "a JSON body with trainingJobId is required") BuildBundleRequest body,
            @Context UriInfo uri) {
        BundleService.Outcome outcome = bundles.buildOnRequest(body.trainingJobId().strip(), caller.tenant());
        BundleView view = BundleView.of(outcome.bundle(), json);
        if (!outcome.created()) {
            return Response.ok(view).build();
        }
        return Response.created(uri.getAbsolutePathBuilder().path(view.id()).build()).entity(view).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a bundle's metadata and digests")
    public BundleView get(@PathParam("id") String id) {
        return BundleView.of(find(id), json);
    }

    @GET
    @Path("/{id}/download")
    @Produces(ZIP)
    @Operation(summary = "Download the signed bundle (an MLflow model directory, zipped)")
    public Response download(@PathParam("id") String id) {
        Bundle b = find(id);
        return Response.ok(stored.zip(b).toFile(), ZIP)
                .header("Content-Disposition", "attachment; filename=\"" + b.modelName + "-" + b.version + ".zip\"")
                .header("ETag", "\"" + b.bundleSha256 + "\"")
                .build();
    }

    @GET
    @Path("/{id}/onnx")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download the model as ONNX (preprocessing inside the graph)")
    public Response onnx(@PathParam("id") String id) {
        Bundle b = find(id);
        return Response.ok(stored.file(b, BundleLayout.ONNX), MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", "attachment; filename=\"" + b.modelName + "-" + b.version + ".onnx\"")
                .header("ETag", "\"" + b.onnxSha256 + "\"")
                .build();
    }

    @GET
    @Path("/{id}/sbom")
    @Produces(CYCLONEDX_JSON)
    @Operation(summary = "The bundle's CycloneDX 1.6 ML-BOM")
    public Response sbom(@PathParam("id") String id) {
        Bundle b = find(id);
        return Response.ok(stored.file(b, BundleLayout.SBOM), CYCLONEDX_JSON).build();
    }

    @GET
    @Path("/{id}/provenance")
    @Operation(summary = "Provenance: the signed DSSE envelope (default), its in-toto statement, or W3C PROV-JSON",
            description = "format=dsse|statement|prov")
    public Response provenance(@PathParam("id") String id, @QueryParam("format") String format) {
        Bundle b = find(id);
        String f = format == null || format.isBlank() ? "dsse" : format.strip();
        byte[] body = switch (f) {
            case "dsse" -> stored.file(b, BundleLayout.ATTESTATION);
            case "statement" -> Dsse.Envelope.fromJson(stored.file(b, BundleLayout.ATTESTATION)).payloadBytes();
            case "prov" -> stored.file(b, BundleLayout.PROV);
            default -> throw ProblemException.badRequest("format", "format must be one of dsse, statement, prov; was "
                    + format);
        };
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}/verify")
    @Operation(summary = "Verify a stored bundle against this service's signing keys",
            description = "mode=verify (integrity and signature, default) or validate (every check)")
    public ValidationReport verify(@PathParam("id") String id, @QueryParam("mode") String mode) {
        Bundle b = find(id);
        BundleValidator.Mode m = BundleValidation.mode(mode, BundleValidator.Mode.VERIFY);
        return BundleValidator.validate(stored.zip(b),
                new BundleValidator.Options(m, keys.trustedKeys(), null, null));
    }

    private Bundle find(String id) {
        return Ids.parse(id).flatMap(uuid -> Bundle.findForTenant(uuid, caller.tenant()))
                .orElseThrow(() -> ProblemException.notFound("bundle", id));
    }
}
