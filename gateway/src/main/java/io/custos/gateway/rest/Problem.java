package io.custos.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.custos.gateway.service.FieldError;
import java.util.List;

/** RFC 9457 problem details; {@code errors} lists invalid fields for validation problems. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
