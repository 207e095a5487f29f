package io.custos.privacy.rest;

import io.custos.data.table.ColumnSchema;
import io.custos.privacy.dataset.Dataset;
import io.custos.privacy.dataset.DatasetAudit;
import io.custos.privacy.dataset.DatasetService;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The dataset registry: uploads, versions and lineage, content, retention, erasure, history. */
@Path("/api/privacy/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    @Inject
    DatasetService datasets;

    @Inject
    Caller caller;

    public record DatasetView(String id, String name, int version, String parentId, String lineageRoot,
            String sha256, long sizeBytes, long rowCount, List<String> columns, List<ColumnSchema> schema,
            Integer retentionDays, OffsetDateTime retainUntil, OffsetDateTime erasedAt, String erasureReason,
            String createdBy, OffsetDateTime createdAt) {
        static DatasetView of(Dataset d) {
            return new DatasetView(d.id.toString(), d.name, d.version, d.parentId == null ? null : d.parentId.toString(),
                    d.lineageRoot.toString(), d.sha256, d.sizeBytes, d.rowCount, d.columns, d.schema, d.retentionDays,
                    d.retainUntil, d.erasedAt, d.erasureReason, d.createdBy, d.createdAt);
        }
    }

    /** A version with the steps that made it from its parent (null for an upload). */
    public record LineageEntry(DatasetView dataset, Map<String, Object> transform) {
    }

    public record AuditView(long id, String datasetId, String action, String actor, Map<String, Object> details,
            OffsetDateTime at) {
    }

    public record RetentionRequest(Integer days) {
    }

    public record ErasureRequest(String reason, Boolean dryRun) {
    }

    @POST
    @Consumes({"text/csv", MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER})
    @Operation(summary = "Upload a UTF-8 CSV dataset (streamed to disk, hashed, parsed, schema inferred)")
    public Response upload(@QueryParam("name") String name, @QueryParam("retentionDays") Integer retentionDays,
            InputStream body, @Context UriInfo uri) {
        Dataset d = datasets.upload(name, body, retentionDays, caller.tenant(), caller.subject());
        return Response.created(uri.getAbsolutePathBuilder().path(d.id.toString()).build()).entity(DatasetView.of(d))
                .build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "The tenant's dataset versions, newest first (erased ones as tombstones)")
    public List<DatasetView> list() {
        return Dataset.listForTenant(caller.tenant()).stream().map(DatasetView::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER, Roles.AUDITOR})
    public DatasetView get(@PathParam("id") String id) {
        return DatasetView.of(datasets.find(id, caller.tenant()));
    }

    @GET
    @Path("/{id}/versions")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "Every version sharing this dataset's lineage root, oldest first")
    public List<DatasetView> versions(@PathParam("id") String id) {
        Dataset d = datasets.find(id, caller.tenant());
        return Dataset.lineage(d.lineageRoot, caller.tenant()).stream().map(DatasetView::of).toList();
    }

    @GET
    @Path("/{id}/lineage")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "The chain from the original upload to this version, with each transform's steps")
    public List<LineageEntry> lineage(@PathParam("id") String id) {
        Dataset d = datasets.find(id, caller.tenant());
        Map<java.util.UUID, Dataset> family = new java.util.HashMap<>();
        Dataset.lineage(d.lineageRoot, caller.tenant()).forEach(v -> family.put(v.id, v));
        java.util.LinkedList<LineageEntry> chain = new java.util.LinkedList<>();
        for (Dataset v = d; v != null; v = v.parentId == null ? null : family.get(v.parentId)) {
            chain.addFirst(new LineageEntry(DatasetView.of(v), v.transform));
        }
        return chain;
    }

    @GET
    @Path("/{id}/content")
    @Produces("text/csv")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    @Operation(summary = "Download a version's CSV (410 once erased)")
    public Response content(@PathParam("id") String id) {
        Dataset d = datasets.live(id, caller.tenant());
        return Response.ok(datasets.content(d).toFile(), "text/csv")
                .header("Content-Disposition", "attachment; filename=\"" + d.name.replace(' ', '_') + "-v" + d.version
                        + ".csv\"")
                .header("Digest", "sha-256=" + d.sha256).build();
    }

    @GET
    @Path("/{id}/audit")
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.AUDITOR})
    @Operation(summary = "Who uploaded, transformed, changed retention of or erased this version, and when")
    public List<AuditView> audit(@PathParam("id") String id) {
        Dataset d = datasets.find(id, caller.tenant());
        return DatasetAudit.forDataset(d.id, caller.tenant()).stream()
                .map(a -> new AuditView(a.id, a.datasetId.toString(), a.action, a.actor, a.details, a.at)).toList();
    }

    @PUT
    @Path("/{id}/retention")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    @Operation(summary = "Set the retention (days from the first upload) of every version; null keeps them")
    public List<DatasetView> retention(@PathParam("id") String id, RetentionRequest request) {
        return datasets.setRetention(id, request == null ? null : request.days(), caller.tenant(), caller.subject())
                .stream().map(DatasetView::of).toList();
    }

    @POST
    @Path("/{id}/erasure")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    @Operation(summary = "Erase a version and every version derived from it; dryRun reports what would go")
    public DatasetService.ErasurePlan erase(@PathParam("id") String id, ErasureRequest request) {
        return datasets.erase(id, request == null ? null : request.reason(),
                request != null && Boolean.TRUE.equals(request.dryRun()), caller.tenant(), caller.subject());
    }
}
