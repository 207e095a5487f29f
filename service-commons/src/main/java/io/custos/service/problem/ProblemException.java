package io.custos.service.problem;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by service code for an expected failure; {@link ProblemMappers} renders it as
 * problem+json ({@code type}, {@code title}, {@code status}, {@code detail} and, for invalid
 * input, {@code errors}). A 401 also carries {@code WWW-Authenticate: Bearer}.
 */
public class ProblemException extends RuntimeException {

    /** The slug of an invalid-input problem: one or more fields named in {@code errors}. */
    public static final String VALIDATION = "validation";

    private final int status;
    private final String type;
    private final String title;
    private final List<Problem.FieldError> errors;

    /** A problem whose type slug is derived from its title ("Not ready" -> {@code not-ready}). */
    public ProblemException(int status, String title, String detail) {
        this(status, Problem.slug(title), title, detail, null);
    }

    /** A problem whose type slug is derived from its title ("Not ready" -> {@code not-ready}). */
    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        this(status, Problem.slug(title), title, detail, errors);
    }

    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = Problem.type(slug);
        this.title = title;
        this.errors = errors == null ? null : List.copyOf(errors);
    }

    /** A 400 naming every invalid field; the detail lists them as "field: message; ...". */
    public static ProblemException validation(List<Problem.FieldError> errors) {
        return new ProblemException(400, VALIDATION, "Invalid request", describe(errors), errors);
    }

    /** A 400 for one invalid field. */
    public static ProblemException badRequest(String field, String message) {
        return validation(List.of(new Problem.FieldError(field, message)));
    }

    /** A 400 about the request as a whole (no single field to name). */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail, null);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail, null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, null);
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(404, "not-found", "Not found", what + " " + id + " does not exist", null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail, null);
    }

    /** "field: message; field: message", the detail of every invalid-input problem. */
    static String describe(List<Problem.FieldError> errors) {
        return errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
    }

    public int status() {
        return status;
    }

    /** The full {@code type} URI. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
