package io.custos.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.custos.gateway.service.FieldError;
import io.custos.gateway.service.ProblemException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of the gateway's own endpoints into RFC 9457 problem+json. Bad input is a
 * 4xx naming what is wrong; only real faults are 500, and those never show internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        Response.ResponseBuilder r = build(new Problem(e.type(), e.title(), e.status(), e.getMessage(), path(request),
                e.errors()));
        if (e.status() == 401) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return r.build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthorized(RuntimeException e, HttpServerRequest request) {
        return build(problem(401, "unauthorized", "Unauthorized",
                "A valid bearer access token is required; log in at /api/auth/login.", request))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return build(problem(403, "forbidden", "Forbidden",
                "Your roles do not allow this operation.", request)).build();
    }

    @ServerExceptionMapper({JsonProcessingException.class, JsonMappingException.class, MismatchedInputException.class,
            UnrecognizedPropertyException.class, com.fasterxml.jackson.core.JsonParseException.class,
            com.fasterxml.jackson.databind.exc.InvalidFormatException.class})
    public Response badJson(JsonProcessingException e, HttpServerRequest request) {
        return build(jsonProblem(e, request)).build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        String fields = errors.stream().map(FieldError::field).distinct().collect(Collectors.joining(", "));
        return build(new Problem(ProblemException.TYPE_BASE + "validation", "Invalid request", 400,
                "The request has invalid fields: " + fields + ".", path(request), errors)).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException jpe) {
            return build(jsonProblem(jpe, request)).build();
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e, request);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No resource at " + path(request) + ".";
            case 405 -> "Method " + request.method() + " is not allowed on " + path(request) + ".";
            case 406 -> "This resource cannot produce the requested media type; ask for application/json.";
            case 415 -> "Unsupported content type; send application/json.";
            default -> title + ".";
        };
        Response.ResponseBuilder r = build(problem(status, slug(title), title, detail, request));
        if (e.getResponse() != null && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            r.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response internal(Throwable e, HttpServerRequest request) {
        if (e instanceof ProblemException p) {
            return problem(p, request);
        }
        String ref = UUID.randomUUID().toString();
        LOG.errorf(e, "Internal error %s on %s %s", ref, request.method(), path(request));
        return build(problem(500, "internal", "Internal error",
                "The gateway failed to handle the request; quote reference " + ref + " to your administrator.",
                request)).build();
    }

    private static Problem jsonProblem(JsonProcessingException e, HttpServerRequest request) {
        String field = null;
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            field = jme.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known field";
        } else if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            message = "has the wrong type; expected " + describe(mie.getTargetType());
        } else {
            message = "is not valid JSON";
        }
        if (field == null) {
            return new Problem(ProblemException.TYPE_BASE + "malformed-json", "Malformed JSON", 400,
                    "The request body is not valid JSON for this endpoint (line "
                            + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ", column "
                            + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ").",
                    path(request), List.of());
        }
        return new Problem(ProblemException.TYPE_BASE + "validation", "Invalid request", 400,
                "The request has invalid fields: " + field + ".", path(request), List.of(new FieldError(field, message)));
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a " + type.getSimpleName().toLowerCase();
        }
        return "an object";
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static Problem problem(int status, String slug, String title, String detail, HttpServerRequest request) {
        return new Problem(ProblemException.TYPE_BASE + slug, title, status, detail, path(request), List.of());
    }

    private static Response.ResponseBuilder build(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p);
    }

    private static String path(HttpServerRequest request) {
        return request == null ? null : request.path();
    }
}
