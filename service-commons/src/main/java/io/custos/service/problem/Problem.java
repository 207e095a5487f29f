package io.custos.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;

/**
 * An RFC 9457 problem document, the one shape of every Custos error (the services', the gateway's
 * own endpoints' and its proxy's). {@code type} is {@value #TYPE_BASE} plus a slug naming the
 * problem; {@code errors} names each offending field (or row) and what is allowed, so a person
 * can fix the request. Empty members are left out.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The base of every problem {@code type}. */
    public static final String TYPE_BASE = "https://custos.io/problems/";

    /** A problem without field errors; {@code slug} names it, e.g. {@code payload-too-large}. */
    public static Problem of(int status, String slug, String title, String detail, String instance) {
        return new Problem(type(slug), title, status, detail, instance, null);
    }

    /** The {@code type} URI of a problem slug. */
    public static String type(String slug) {
        return TYPE_BASE + slug;
    }

    /** "Payload too large" -> "payload-too-large". */
    public static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** One invalid input field and what is wrong with it, in words a person can act on. */
    public record FieldError(String field, String message) {
    }
}
