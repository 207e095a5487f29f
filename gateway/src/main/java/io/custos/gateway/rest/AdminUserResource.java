package io.custos.gateway.rest;

import io.custos.gateway.service.UserService;
import io.custos.gateway.service.UserService.NewUser;
import io.custos.gateway.service.UserService.UserView;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Account administration")
public class AdminUserResource {

    private final UserService users;
    private final Caller caller;

    public AdminUserResource(UserService users, Caller caller) {
        this.users = users;
        this.caller = caller;
    }

    /** Body of {@code POST /api/admin/users}. */
    public record CreateUserRequest(String username, String password, List<String> roles, String tenant) {
        @Override
        public String toString() {
            return "CreateUserRequest[" + username + ", " + roles + ", " + tenant + "]";
        }
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "List the users of the caller's tenant (or of ?tenant= for the installation admin)")
    public List<UserView> list(@QueryParam("tenant") String tenant) {
        return users.list(caller, tenant);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user")
    public Response create(CreateUserRequest body) {
        CreateUserRequest req = AuthResource.require(body);
        UserView created = users.create(caller,
                new NewUser(req.username(), req.password(), req.roles(), req.tenant()));
        return Response.created(URI.create("/api/admin/users/" + created.id())).entity(created).build();
    }
}
