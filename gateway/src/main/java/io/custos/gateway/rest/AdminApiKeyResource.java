package io.custos.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.gateway.service.ApiKeyService;
import io.custos.gateway.service.ApiKeyService.ApiKeyView;
import io.custos.gateway.service.ApiKeyService.CreatedApiKey;
import io.custos.gateway.service.ApiKeyService.NewApiKey;
import io.custos.service.problem.Problem;
import io.custos.service.problem.Problem.FieldError;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.StrictJson;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** API keys of the caller's tenant, for federated-learning clients and CI machines. */
@Path("/api/admin/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "admin", description = "Account administration")
public class AdminApiKeyResource {

    private static final List<String> KNOWN_FIELDS = Arrays.stream(CreateApiKeyRequest.class.getRecordComponents())
            .map(RecordComponent::getName).sorted().toList();

    private final ApiKeyService keys;
    private final Caller caller;

    public AdminApiKeyResource(ApiKeyService keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    /** Body of {@code POST /api/admin/api-keys}; read strictly, so a misspelt field is an error, not ignored. */
    @Schema(name = "CreateApiKeyRequest")
    public record CreateApiKeyRequest(
            @Schema(required = true, description = "1 to 128 characters: letters, digits and . _ -; unique among"
                    + " the tenant's active keys", pattern = "^[A-Za-z0-9._-]{1,128}$")
            String name,
            @Schema(required = true, description = "At least one of: fl-client, ml-engineer, data-steward, auditor,"
                    + " service (never admin)")
            List<String> roles,
            @Schema(format = "uuid", description = "Required with, and only allowed with, role fl-client")
            String federationId,
            @Schema(format = "uuid", description = "Required with, and only allowed with, role fl-client")
            String clientId,
            @Schema(implementation = Integer.class, minimum = "1", maximum = "3650",
                    description = "Days until the key expires; leave out for a key that does not expire")
            JsonNode expiresInDays) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key in the caller's tenant",
            description = "The response is the only time the key (apiKey) is shown: the gateway stores only its"
                    + " SHA-256. A machine exchanges the key at POST /api/auth/token for an access token.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateApiKeyRequest.class)))
    @APIResponse(responseCode = "201", description = "Created; apiKey is shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CreatedApiKey.class)))
    @APIResponse(responseCode = "400", description = "Invalid input; errors name each field and what is allowed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "An active key of this tenant has that name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(JsonNode body) {
        CreateApiKeyRequest req = read(body);
        CreatedApiKey created = keys.create(caller, new NewApiKey(req.name(), req.roles(), req.federationId(),
                req.clientId(), req.expiresInDays()));
        return Response.created(URI.create("/api/admin/api-keys/" + created.id())).entity(created).build();
    }

    @GET
    @Operation(summary = "List the API keys of the caller's tenant, newest first, revoked ones included (never the key)")
    public List<ApiKeyView> list() {
        return keys.list(caller);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One API key of the caller's tenant (never the key)")
    @APIResponse(responseCode = "200", description = "The key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiKeyView.class)))
    @APIResponse(responseCode = "404", description = "No such key in the caller's tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ApiKeyView get(@PathParam("id") String id) {
        return keys.get(caller, id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key",
            description = "The key can no longer be exchanged; access tokens already issued expire on their own."
                    + " The record is kept for the audit trail. Revoking a revoked key is not an error.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such key in the caller's tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response revoke(@PathParam("id") String id) {
        keys.revoke(caller, id);
        return Response.noContent().build();
    }

    /**
     * A misspelt field (say expiresInDay) must not pass silently and create a key that never expires;
     * the caller is told which fields exist, in words rather than Jackson's class names.
     */
    private static CreateApiKeyRequest read(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ProblemException.badRequest("A JSON request body is required.");
        }
        String known = "known fields: " + String.join(", ", KNOWN_FIELDS);
        if (!body.isObject()) {
            throw ProblemException.badRequest("body", "must be a JSON object; " + known);
        }
        List<FieldError> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!KNOWN_FIELDS.contains(f)) {
                unknown.add(new FieldError(f, "is not a known field; " + known));
            }
        });
        if (!unknown.isEmpty()) {
            throw ProblemException.validation(unknown);
        }
        return StrictJson.read(body, CreateApiKeyRequest.class, "");
    }
}
