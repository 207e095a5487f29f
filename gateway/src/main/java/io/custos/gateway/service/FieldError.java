package io.custos.gateway.service;

/** One invalid input field and what is wrong with it, in words a person can act on. */
public record FieldError(String field, String message) {
}
