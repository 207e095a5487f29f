package io.custos.privacy.rest;

import io.custos.privacy.dataset.Dataset;
import io.custos.service.rest.Ids;

import io.custos.privacy.ledger.Budget;
import io.custos.privacy.ledger.LedgerEntry;
import io.custos.privacy.ledger.PrivacyLedger;
import io.custos.service.problem.ProblemException;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Budgets per dataset and the ledger report. */
@Path("/api/privacy")
public class BudgetResource {

    @Inject
    PrivacyLedger ledger;

    @Inject
    Caller caller;

    public record LimitRequest(
            @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
            @DecimalMax(value = "1000", message = "must be at most 1000") Double epsilonLimit,
            @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be in (0, 1)")
            @DecimalMax(value = "1", inclusive = false, message = "must be in (0, 1)") Double deltaLimit) {
    }

    @GET
    @Path("/budget/{datasetId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.ML_ENGINEER, Roles.AUDITOR})
    @Operation(summary = "A dataset's budget: limit, plain sum spent, open reservations, RDP-composed epsilon")
    public Budget budget(@PathParam("datasetId") String datasetId) {
        return ledger.budget(caller.tenant(), budgetId(datasetId));
    }

    @PUT
    @Path("/budget/{datasetId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD})
    @Operation(summary = "Set a dataset's epsilon and delta limits (never below what is spent)")
    public Budget setLimit(@PathParam("datasetId") String datasetId, @Valid @NotNull LimitRequest request) {
        return ledger.setLimit(caller.tenant(), budgetId(datasetId), request.epsilonLimit(), request.deltaLimit(),
                caller.subject());
    }

    @GET
    @Path("/ledger/report")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.AUDITOR})
    @Operation(summary = "Every ledger entry of the tenant (optionally one dataset), as JSON or CSV")
    public Response report(@QueryParam("format") @DefaultValue("json") String format,
            @QueryParam("datasetId") String datasetId) {
        List<LedgerEntry> entries = ledger.entries(caller.tenant(), datasetId);
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> Response.ok(entries, MediaType.APPLICATION_JSON).build();
            case "csv" -> Response.ok(csv(entries), "text/csv")
                    .header("Content-Disposition", "attachment; filename=\"privacy-ledger.csv\"").build();
            default -> throw ProblemException.badRequest("format", "must be csv or json");
        };
    }

    static String csv(List<LedgerEntry> entries) {
        StringBuilder sb = new StringBuilder(
                "id,dataset_id,job_id,entry,epsilon,delta,accountant,note,recorded_by,recorded_at,rdp_orders,rdp\n");
        for (LedgerEntry e : entries) {
            sb.append(e.id()).append(',').append(quote(e.datasetId())).append(',').append(e.jobId()).append(',')
                    .append(e.entry()).append(',').append(e.epsilon()).append(',').append(e.delta()).append(',')
                    .append(quote(e.accountant())).append(',').append(quote(e.note())).append(',')
                    .append(quote(e.recordedBy())).append(',').append(e.recordedAt()).append(',')
                    .append(quote(join(e.rdpOrders()))).append(',').append(quote(join(e.rdp()))).append('\n');
        }
        return sb.toString();
    }

    private static String join(double[] v) {
        return v == null ? "" : Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining(" "));
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula. */
    private static String quote(String s) {
        if (s == null) {
            return "";
        }
        String v = s.matches("^[=+\\-@].*") ? "'" + s : s;
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    /** Every version of a dataset shares the budget of its lineage root. */
    private String budgetId(String datasetId) {
        return Ids.parse(datasetId).flatMap(id -> Dataset.findForTenant(id, caller.tenant())).map(Dataset::budgetId)
                .orElse(datasetId);
    }
}
