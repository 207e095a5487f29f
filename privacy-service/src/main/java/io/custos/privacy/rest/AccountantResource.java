package io.custos.privacy.rest;

import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.EpsilonResult;
import io.custos.ml.accountant.RdpAccountant;
import io.custos.privacy.rest.AccountantRequests.EpsilonRequest;
import io.custos.privacy.rest.AccountantRequests.EpsilonResponse;
import io.custos.privacy.rest.AccountantRequests.NoiseRequest;
import io.custos.privacy.rest.AccountantRequests.NoiseResponse;
import io.custos.service.problem.ProblemException;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The RDP accountant as a service: the same code as {@code custos dp epsilon|noise}. */
@Path("/api/privacy/accountant")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.DATA_STEWARD, Roles.AUDITOR})
public class AccountantResource {

    private static final String ACCOUNTANT = "rdp (Poisson-subsampled Gaussian)";

    @POST
    @Path("/epsilon")
    @Operation(summary = "Epsilon of DP-SGD for a sampling rate, step count, noise multiplier and delta")
    public EpsilonResponse epsilon(@Valid @NotNull EpsilonRequest r) {
        Conversion c = Conversion.parse(r.conversion());
        EpsilonResult e = RdpAccountant.dpSgdEpsilon(r.sampleRate(), r.noiseMultiplier(), r.steps(), r.delta(), c);
        return new EpsilonResponse(e.epsilon(), r.delta(), e.optimalOrder(), e.optimalOrderAtBoundary(),
                c.name().toLowerCase(), r.noiseMultiplier(), r.sampleRate(), r.steps(), ACCOUNTANT);
    }

    @POST
    @Path("/noise")
    @Operation(summary = "The smallest noise multiplier that keeps DP-SGD within a target epsilon")
    public NoiseResponse noise(@Valid @NotNull NoiseRequest r) {
        Conversion c = Conversion.parse(r.conversion());
        double sigma;
        try {
            sigma = RdpAccountant.noiseMultiplier(r.epsilon(), r.delta(), r.sampleRate(), r.steps(), c);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(422, "Unreachable target", e.getMessage());
        }
        return new NoiseResponse(sigma, RdpAccountant.dpSgdEpsilon(r.sampleRate(), sigma, r.steps(), r.delta(), c)
                .epsilon(), r.epsilon(), r.delta(), r.sampleRate(), r.steps(), c.name().toLowerCase());
    }
}
