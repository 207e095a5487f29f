package io.custos.packaging.rest;

import io.custos.bundle.validate.BundleValidator;
import io.custos.bundle.validate.ValidationReport;
import io.custos.crypto.SigningKeyRing;
import io.custos.packaging.config.PackagingConfig;
import io.custos.packaging.service.VulnerabilityDatabase;
import io.custos.service.problem.ProblemException;
import io.custos.service.security.Roles;
import io.custos.service.storage.BlobStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Validates a bundle someone uploads (ours or anyone's), against this service's trusted keys and
 * the operator's OSV database. The upload is staged, checked and deleted: nothing is kept.
 * Shares its path with {@link BundleResource} on purpose (resources sharing a prefix must have
 * the same class path to be matched together).
 */
@Path("/api/packaging/bundles")
@Produces(MediaType.APPLICATION_JSON)
public class BundleValidation {

    @Inject
    BlobStore blobs;

    @Inject
    SigningKeyRing keys;

    @Inject
    PackagingConfig config;

    @Inject
    VulnerabilityDatabase osv;

    @POST
    @Path("/validate")
    @Consumes({BundleResource.ZIP, MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.DATA_STEWARD})
    @Operation(summary = "Validate an uploaded bundle zip: every check, with each one's result",
            description = "mode=validate (default) or verify (integrity and signature only)")
    public ValidationReport validate(@QueryParam("mode") String mode, InputStream body) {
        BundleValidator.Mode m = mode(mode, BundleValidator.Mode.VALIDATE);
        BlobStore.Staged staged = blobs.stage(body, config.validation().maxUploadBytes());
        try {
            if (staged.size() == 0) {
                throw ProblemException.badRequest("body", "the request has no body: send the bundle zip");
            }
            return BundleValidator.validate(staged.path(),
                    new BundleValidator.Options(m, keys.trustedKeys(), osv.get(), null));
        } finally {
            staged.discard();
        }
    }

    static BundleValidator.Mode mode(String mode, BundleValidator.Mode fallback) {
        if (mode == null || mode.isBlank()) {
            return fallback;
        }
        try {
            return BundleValidator.Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("mode", "mode must be validate or verify; was " + mode);
        }
    }
}
