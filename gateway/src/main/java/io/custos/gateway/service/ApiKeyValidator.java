package io.custos.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.custos.gateway.domain.Role;
import io.custos.service.problem.Problem.FieldError;
import io.custos.service.problem.ProblemException;
import io.custos.service.rest.Ids;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Validates a new API key; reports every problem at once, each naming its field and what is allowed. */
public final class ApiKeyValidator {

    public static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._-]{1,128}$");
    public static final int EXPIRES_IN_DAYS_MIN = 1;
    public static final int EXPIRES_IN_DAYS_MAX = 3650;

    /** Every role but admin: a machine key may not administer. */
    public static final List<String> MACHINE_ROLES = Arrays.stream(Role.values()).filter(r -> r != Role.ADMIN)
            .map(Role::value).toList();

    private ApiKeyValidator() {
    }

    /** A request that passed validation, with its ids parsed. {@code expiresInDays} is null for no expiry. */
    public record ValidApiKey(String name, List<String> roles, UUID federationId, UUID clientId,
            Integer expiresInDays) {
    }

    /**
     * @param expiresInDays the JSON value as sent (null or JSON null for no expiry), so that "30",
     *     1.5 or true are refused rather than coerced
     * @throws ProblemException a 400 listing every invalid field
     */
    public static ValidApiKey validate(String name, List<String> roles, String federationId, String clientId,
            JsonNode expiresInDays) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError("name", "is required: 1 to 128 characters, letters, digits and . _ -"));
        } else if (!NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "must be 1 to 128 characters: letters, digits and . _ - (pattern "
                    + NAME.pattern() + ")"));
        }

        String allowed = "allowed values: " + String.join(", ", MACHINE_ROLES);
        if (roles == null || roles.isEmpty()) {
            errors.add(new FieldError("roles", "needs at least one role; " + allowed));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < roles.size(); i++) {
                String r = roles.get(i);
                if (Role.ADMIN.value().equals(r)) {
                    errors.add(new FieldError("roles[" + i + "]", "'admin' is not allowed: an API key may not administer; "
                            + allowed));
                } else if (r == null || !MACHINE_ROLES.contains(r)) {
                    errors.add(new FieldError("roles[" + i + "]", "'" + truncate(r) + "' is not a role; " + allowed));
                } else if (!seen.add(r)) {
                    errors.add(new FieldError("roles[" + i + "]", "'" + r + "' is listed twice"));
                }
            }
        }

        boolean flClient = roles != null && roles.contains(Role.FL_CLIENT.value());
        UUID federation = bindingId("federationId", "federation", federationId, flClient, errors);
        UUID client = bindingId("clientId", "federation client", clientId, flClient, errors);

        Integer days = null;
        if (expiresInDays != null && !expiresInDays.isNull()) {
            if (expiresInDays.isIntegralNumber() && expiresInDays.canConvertToInt()
                    && expiresInDays.intValue() >= EXPIRES_IN_DAYS_MIN && expiresInDays.intValue() <= EXPIRES_IN_DAYS_MAX) {
                days = expiresInDays.intValue();
            } else {
                errors.add(new FieldError("expiresInDays", "must be a whole number of days from " + EXPIRES_IN_DAYS_MIN
                        + " to " + EXPIRES_IN_DAYS_MAX + ", was " + truncate(expiresInDays.toString())
                        + " (leave it out for a key that does not expire)"));
            }
        }

        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new ValidApiKey(name, List.copyOf(roles), federation, client, days);
    }

    /** federationId and clientId bind a key to one federated client: required with fl-client, refused without. */
    private static UUID bindingId(String field, String what, String value, boolean flClient, List<FieldError> errors) {
        if (value == null) {
            if (flClient) {
                errors.add(new FieldError(field, "is required with role fl-client: the id (UUID) of the " + what
                        + " the key acts for"));
            }
            return null;
        }
        if (!flClient) {
            errors.add(new FieldError(field, "is only allowed with role fl-client"));
            return null;
        }
        UUID id = Ids.parse(value).orElse(null);
        if (id == null) {
            errors.add(new FieldError(field, "must be a UUID (the id of the " + what + "), was '" + truncate(value) + "'"));
        }
        return id;
    }

    private static String truncate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
