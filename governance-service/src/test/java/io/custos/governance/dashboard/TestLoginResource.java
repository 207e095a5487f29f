package io.custos.governance.dashboard;

import io.custos.testsupport.TestKeys;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * TEST ONLY — a stand-in for the gateway's {@code POST /api/auth/login}, which the dashboard's
 * login page calls on its own origin. A governance-service test has no gateway in front of it, so
 * this resource (in src/test, never shipped) answers in the gateway's shape
 * ({@code accessToken, tokenType, expiresIn, refreshToken}) with a token minted by
 * {@link TestKeys} for username {@code <role>@<tenant>} and password {@value #PASSWORD}; any
 * other password is the gateway's 401 problem. {@code POST /api/auth/logout} accepts anything.
 */
@Path("/api/auth")
@PermitAll
public class TestLoginResource {

    static final String PASSWORD = "test-password";

    public record Login(String username, String password) {
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response login(Login body) {
        if (body == null || body.username() == null || !body.username().contains("@")
                || !PASSWORD.equals(body.password())) {
            return Response.status(401).type("application/problem+json").entity(Map.of("type",
                    "https://custos.io/problems/unauthorized", "title", "Unauthorized", "status", 401,
                    "detail", "wrong username or password")).build();
        }
        String role = body.username().substring(0, body.username().indexOf('@'));
        String tenant = body.username().substring(body.username().indexOf('@') + 1);
        return Response.ok(Map.of("accessToken", TestKeys.shared().token(body.username(), tenant, role),
                "tokenType", "Bearer", "expiresIn", 300, "refreshToken", "test-refresh-token")).build();
    }

    @POST
    @Path("/logout")
    public Response logout(String ignored) {
        return Response.noContent().build();
    }
}
