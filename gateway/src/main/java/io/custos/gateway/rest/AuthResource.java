package io.custos.gateway.rest;

import io.custos.gateway.rest.AuthDtos.AccessTokenResponse;
import io.custos.gateway.rest.AuthDtos.ApiKeyExchangeRequest;
import io.custos.gateway.rest.AuthDtos.LoginRequest;
import io.custos.gateway.rest.AuthDtos.RefreshRequest;
import io.custos.gateway.rest.AuthDtos.TokenResponse;
import io.custos.gateway.service.ApiKeyService;
import io.custos.gateway.service.AuthService;
import io.custos.gateway.service.AuthService.TokenPair;
import io.custos.gateway.service.TokenIssuer;
import io.custos.service.problem.Problem;
import io.custos.service.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth", description = "Login, session tokens and API-key exchange")
public class AuthResource {

    private final AuthService auth;
    private final ApiKeyService apiKeys;

    public AuthResource(AuthService auth, ApiKeyService apiKeys) {
        this.auth = auth;
        this.apiKeys = apiKeys;
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

    @POST
    @Path("/token")
    @PermitAll
    @Operation(summary = "Exchange a machine's API key for an access token",
            description = "For federated-learning clients and CI. The token carries sub = apikey:<key id>, upn = the"
                    + " key's name, groups = its roles, tenant, and for fl-client keys custos_federation and"
                    + " custos_client. There is no refresh token: exchange the key again when the token expires."
                    + " Unknown, malformed, expired and revoked keys all get the same 401.")
    @APIResponse(responseCode = "200", description = "An access token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AccessTokenResponse.class)))
    @APIResponse(responseCode = "400", description = "apiKey is missing",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "The key is unknown, malformed, expired or revoked",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AccessTokenResponse exchangeApiKey(ApiKeyExchangeRequest body) {
        TokenIssuer.AccessToken token = apiKeys.exchange(require(body).apiKey());
        return new AccessTokenResponse(token.token(), "Bearer", token.expiresInSeconds());
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
