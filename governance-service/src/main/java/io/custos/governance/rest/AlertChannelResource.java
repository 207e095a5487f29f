package io.custos.governance.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.governance.monitoring.ChannelRequest;
import io.custos.governance.monitoring.MonitoringService;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.StrictJson;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The tenant's alert channels (webhook, email); their settings are sealed and never shown. */
@Path("/api/governance/alert-channels")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.DATA_STEWARD})
public class AlertChannelResource {

    @Inject
    Caller caller;

    @Inject
    MonitoringService monitoring;

    @Inject
    EntityManager em;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a webhook (Slack-compatible) or email channel for drift alerts")
    public Response add(JsonNode body) {
        ChannelRequest r = StrictJson.read(body, ChannelRequest.class, "");
        if (r == null) {
            throw ProblemException.badRequest("body", "a JSON object describing the channel is required");
        }
        UUID id = monitoring.addChannel(caller.tenant(), r, caller.subject());
        return Response.status(201).entity(Map.of("id", id.toString())).build();
    }

    @GET
    @Operation(summary = "The tenant's channels: name, type, where to (host or recipients), minimum severity")
    public List<Map<String, Object>> list() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT CAST(id AS text), name, type, target, min_severity FROM"
                + " governance.alert_channels WHERE tenant = ?1 AND deleted_at IS NULL ORDER BY created_at")
                .setParameter(1, caller.tenant()).getResultList();
        return rows.stream().map(r -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", r[0]);
            c.put("name", r[1]);
            c.put("type", r[2]);
            c.put("target", r[3]);
            c.put("minSeverity", r[4]);
            return c;
        }).toList();
    }
}
