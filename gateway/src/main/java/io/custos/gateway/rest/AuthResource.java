package io.custos.gateway.rest;

import io.custos.gateway.rest.AuthDtos.LoginRequest;
import io.custos.gateway.rest.AuthDtos.RefreshRequest;
import io.custos.gateway.rest.AuthDtos.TokenResponse;
import io.custos.gateway.service.AuthService;
import io.custos.gateway.service.AuthService.TokenPair;
import io.custos.service.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth", description = "Login and session tokens")
public class AuthResource {

    private final AuthService auth;

    public AuthResource(AuthService auth) {
        this.auth = auth;
    }

    @POST
    @Path("/login")
    @PermitAll
    @Operation(summary = "Exchange username and password for an access token and a refresh token")
    public TokenResponse login(LoginRequest body) {
        LoginRequest req = require(body);
        return response(auth.login(req.username(), req.password()));
    }

    @POST
    @Path("/refresh")
    @PermitAll
    @Operation(summary = "Rotate a refresh token: returns new tokens and revokes the presented one")
    public TokenResponse refresh(RefreshRequest body) {
        return response(auth.refresh(require(body).refreshToken()));
    }

    @POST
    @Path("/logout")
    @PermitAll
    @Operation(summary = "End the session of a refresh token")
    public Response logout(RefreshRequest body) {
        auth.logout(require(body).refreshToken());
        return Response.noContent().build();
    }

    private static TokenResponse response(TokenPair pair) {
        return new TokenResponse(pair.accessToken(), "Bearer", pair.expiresIn(), pair.refreshToken());
    }

    static <T> T require(T body) {
        if (body == null) {
            throw ProblemException.badRequest("A JSON request body is required.");
        }
        return body;
    }
}
