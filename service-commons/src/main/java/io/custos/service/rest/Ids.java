package io.custos.service.rest;

import java.util.Optional;
import java.util.UUID;

/** Path and body ids: a string that is not a UUID names nothing, so it reads as "not found". */
public final class Ids {

    private Ids() {
    }

    public static Optional<UUID> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
