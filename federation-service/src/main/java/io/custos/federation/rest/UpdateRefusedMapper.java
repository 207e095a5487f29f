package io.custos.federation.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.custos.federation.service.UpdateRefusedException;
import io.custos.service.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A refused update is problem+json with the machine-readable {@code reason} the client acts on. */
public class UpdateRefusedMapper {

    /** RFC 9457 problem with the extension member {@code reason}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RefusalProblem(String type, String title, int status, String detail, String instance,
            String reason) {
    }

    @ServerExceptionMapper
    public Response refused(UpdateRefusedException e, HttpServerRequest request) {
        int status = e.reason().status();
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new RefusalProblem(Problem.type("update-refused"), "Update refused: " + e.reason().name(),
                        status, e.getMessage(), request.path(), e.reason().name()))
                .build();
    }
}
