package io.custos.governance.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.governance.domain.ModelRecord;
import io.custos.governance.monitoring.MonitoringService;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.Ids;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Post-deployment monitoring of one inventory model. Shares its class path with
 * {@link ModelResource} on purpose (resources sharing a prefix must have the same class path).
 */
@Path("/api/governance/models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR, Roles.ML_ENGINEER, Roles.DATA_STEWARD})
public class MonitoringResource {

    @Inject
    Caller caller;

    @Inject
    MonitoringService monitoring;

    @Inject
    EntityManager em;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @PUT
    @Path("/{id}/monitoring/reference")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.DATA_STEWARD})
    @Operation(summary = "Set the model's reference profile (histograms from DP training or declared public)")
    public Response setReference(@PathParam("id") String id, JsonNode profile) {
        ModelRecord m = find(id);
        if (profile == null || profile.isNull()) {
            throw ProblemException.badRequest("body", "a reference profile (JSON) is required");
        }
        monitoring.setReference(m, profile.toString(), caller.subject());
        return Response.ok(Map.of("modelId", id, "features", profile.path("features").size())).build();
    }

    @POST
    @Path("/{id}/monitoring/batches")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.DATA_STEWARD})
    @Operation(summary = "Check a production batch (feature counts, predictions) for drift; raises an alert when it drifted")
    public Response batch(@PathParam("id") String id, JsonNode batch) {
        ModelRecord m = find(id);
        if (batch == null || batch.isNull()) {
            throw ProblemException.badRequest("body", "a production batch (JSON) is required");
        }
        MonitoringService.BatchOutcome outcome = monitoring.receiveBatch(m, batch.toString(), caller.subject());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("batchId", outcome.batchId().toString());
        body.put("alertId", outcome.alertId() == null ? null : outcome.alertId().toString());
        body.put("report", outcome.report());
        return Response.status(201).entity(body).build();
    }

    @GET
    @Path("/{id}/alerts")
    @Operation(summary = "The model's alert history, newest first, with each delivery's outcome")
    public List<Map<String, Object>> alerts(@PathParam("id") String id) {
        ModelRecord m = find(id);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT CAST(id AS text), severity, title, summary, CAST(drifted AS"
                + " text), raised_at, CAST(deliveries AS text), CAST(batch_id AS text) FROM governance.alerts"
                + " WHERE model_id = ?1 ORDER BY raised_at DESC").setParameter(1, m.id).getResultList();
        return rows.stream().map(r -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", r[0]);
            a.put("severity", r[1]);
            a.put("title", r[2]);
            a.put("summary", r[3]);
            a.put("drifted", ModelView.tree(json, (String) r[4]));
            a.put("raisedAt", r[5].toString());
            a.put("deliveries", ModelView.tree(json, (String) r[6]));
            a.put("batchId", r[7]);
            return a;
        }).toList();
    }

    private ModelRecord find(String id) {
        return Ids.parse(id).flatMap(uuid -> ModelRecord.findForTenant(uuid, caller.tenant()))
                .orElseThrow(() -> ProblemException.notFound("model", id));
    }
}
