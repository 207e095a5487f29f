package io.custos.service.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error a Custos app (each service and the gateway's own endpoints) returns is
 * problem+json. Bad input is a 400 naming the field and what it must be; an unexpected failure
 * is a 500 with an id to quote, never a stack trace. {@code instance} is the request path.
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

    /** Quarkus's own mapper claims this subtype; ours must be at least as specific to win. */
    @ServerExceptionMapper
    public Response restViolation(ResteasyReactiveViolationException e, HttpServerRequest request) {
        return constraintViolation(e, request);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return problem(ProblemException.validation(errors), request);
    }

    /**
     * quarkus-rest-jackson maps some of these subtypes itself (plain JSON, no field); listing them
     * makes ours as specific.
     */
    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class, UnrecognizedPropertyException.class})
    public Response badJson(JsonProcessingException e, HttpServerRequest request) {
        return build(jsonProblem(e, path(request))).build();
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, AuthenticationCompletionException.class})
    public Response authenticationFailed(RuntimeException e, HttpServerRequest request) {
        return unauthorized(request, "the bearer token is missing, expired, or not signed by a trusted key");
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
        return unauthorized(request, "authentication is required: send a bearer token from POST /api/auth/login");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return problem(ProblemException.forbidden("your roles do not allow this operation"), request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json, request); // the body reader wraps Jackson's error
        }
        Response response = e.getResponse();
        int status = response == null ? 500 : response.getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        String title;
        String slug;
        if (status == 413) { // as the gateway's proxy says it
            title = "Payload too large";
            slug = "payload-too-large";
        } else {
            Response.StatusType info = response.getStatusInfo() != null ? response.getStatusInfo()
                    : Response.Status.fromStatusCode(status);
            title = info == null || info.getReasonPhrase() == null ? "Error" : info.getReasonPhrase();
            slug = Problem.slug(title);
        }
        String allow = response.getHeaderString(HttpHeaders.ALLOW);
        String detail = ownMessage(e, status) ? e.getMessage() : detail(status, title, allow, request);
        Response.ResponseBuilder r = build(Problem.of(status, slug, title, detail, path(request)));
        if (allow != null) {
            r.header(HttpHeaders.ALLOW, allow);
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s on %s %s", errorId, request == null ? "?" : request.method(), path(request));
        return build(Problem.of(500, "internal", "Internal error",
                "an unexpected error occurred; quote error id " + errorId + " to your administrator",
                path(request))).build();
    }

    /**
     * A request body Jackson could not read: a 400 naming the field and the JSON type it must be,
     * or, when the body is not JSON at all, where it stops being JSON.
     */
    static Problem jsonProblem(JsonProcessingException e, String instance) {
        if (!(e instanceof JsonMappingException mapping)) {
            return Problem.of(400, "malformed-json", "Malformed JSON",
                    "request body is not valid JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage(), instance);
        }
        String field = null;
        if (!mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            message = "is not a known field" + known(u.getKnownPropertyIds());
        } else if (e instanceof InvalidFormatException f) {
            message = "value " + f.getValue() + " is not a valid " + f.getTargetType().getSimpleName()
                    + "; must be " + describe(f.getTargetType());
        } else if (e instanceof MismatchedInputException m) {
            message = "wrong type or shape of value"
                    + (m.getTargetType() == null ? "" : "; must be " + describe(m.getTargetType()));
        } else {
            message = "request body is not valid JSON: " + e.getOriginalMessage();
        }
        if (field == null) {
            return Problem.of(400, "malformed-json", "Malformed JSON", message, instance);
        }
        ProblemException p = ProblemException.validation(List.of(new Problem.FieldError(field, message)));
        return new Problem(p.type(), p.title(), 400, p.getMessage(), instance, p.errors());
    }

    /** The JSON type a Java type is read from, in a caller's words: "a number", "an array". */
    static String describe(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of: " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == UUID.class) {
            return "a UUID string";
        }
        return "an object";
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty() || ids.size() > 20) {
            return "";
        }
        return "; known fields: " + ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * A message given where the exception was thrown, rather than JAX-RS's "HTTP 404 Not Found".
     * Content negotiation and size failures always get ours: Quarkus's speak of annotations.
     */
    private static boolean ownMessage(WebApplicationException e, int status) {
        String m = e.getMessage();
        return status != 405 && status != 406 && status != 413 && status != 415
                && m != null && !m.isBlank() && !m.startsWith("HTTP " + status);
    }

    private static String detail(int status, String title, String allow, HttpServerRequest request) {
        return switch (status) {
            case 404 -> "no resource at " + path(request);
            case 405 -> "method " + (request == null ? "" : request.method() + " ") + "is not allowed on "
                    + path(request) + (allow == null ? "" : "; allowed: " + allow);
            case 406 -> "this resource cannot produce the media type the Accept header asks for";
            case 413 -> "the request body is larger than this endpoint accepts";
            case 415 -> "this endpoint does not accept content type "
                    + (request == null || request.getHeader(HttpHeaders.CONTENT_TYPE) == null ? "(none)"
                            : request.getHeader(HttpHeaders.CONTENT_TYPE));
            default -> title;
        };
    }

    private static Response unauthorized(HttpServerRequest request, String detail) {
        return build(Problem.of(401, "unauthorized", "Unauthorized", detail, path(request)))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static Response.ResponseBuilder build(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p);
    }

    private static String path(HttpServerRequest request) {
        return request == null ? null : request.path();
    }

    /** "create.request.epsilon" -> "epsilon": the method and parameter names mean nothing to a caller. */
    private static String field(ConstraintViolation<?> v) {
        String p = v.getPropertyPath().toString();
        String[] parts = p.split("\\.");
        return parts.length > 2 ? String.join(".", Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
    }
}
