package io.custos.governance.rest;

import io.custos.governance.audit.AuditTrail;
import io.custos.service.problem.ProblemException;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The tenant's hash-chained audit trail and its verification. */
@Path("/api/governance/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class AuditResource {

    static final int MAX_PAGE = 1000;

    @Inject
    Caller caller;

    @Inject
    AuditTrail audit;

    @GET
    @Operation(summary = "Audit entries after a sequence number, oldest first (page with after=<last seq>)")
    public List<AuditTrail.Entry> list(@QueryParam("after") Long after, @QueryParam("limit") Integer limit,
            @QueryParam("subject") String subject) {
        long from = after == null ? 0 : after;
        int n = limit == null ? 100 : limit;
        if (from < 0) {
            throw ProblemException.badRequest("after", "after must be >= 0; was " + after);
        }
        if (n < 1 || n > MAX_PAGE) {
            throw ProblemException.badRequest("limit", "limit must be between 1 and " + MAX_PAGE + "; was " + limit);
        }
        return audit.list(caller.tenant(), from, n, subject == null || subject.isBlank() ? null : subject.strip());
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Recompute the whole chain: valid, or the first broken link and why")
    public AuditTrail.Verification verify() {
        return audit.verify(caller.tenant());
    }
}
