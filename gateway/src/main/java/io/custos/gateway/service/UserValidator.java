package io.custos.gateway.service;

import io.custos.gateway.domain.Role;
import io.custos.service.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates a new account; returns every problem at once, each naming its field. */
public final class UserValidator {

    public static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._@-]{2,63}$");
    public static final Pattern TENANT = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");
    public static final int PASSWORD_MIN = 12;
    public static final int PASSWORD_MAX = 1024;

    private UserValidator() {
    }

    public static List<FieldError> validate(String username, String password, List<String> roles, String tenant) {
        List<FieldError> errors = new ArrayList<>();
        if (username == null || username.isBlank()) {
            errors.add(new FieldError("username", "is required"));
        } else if (!USERNAME.matcher(username).matches()) {
            errors.add(new FieldError("username", "must be 3 to 64 characters: lower-case letters, digits and . _ @ -,"
                    + " starting with a letter or digit (pattern " + USERNAME.pattern() + ")"));
        }
        errors.addAll(validatePassword(password));
        if (roles == null || roles.isEmpty()) {
            errors.add(new FieldError("roles", "needs at least one role; allowed values: " + String.join(", ", Role.allowedValues())));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < roles.size(); i++) {
                String r = roles.get(i);
                if (r == null || Role.of(r).isEmpty()) {
                    errors.add(new FieldError("roles[" + i + "]", "'" + truncate(r) + "' is not a role; allowed values: "
                            + String.join(", ", Role.allowedValues())));
                } else if (!seen.add(r)) {
                    errors.add(new FieldError("roles[" + i + "]", "'" + r + "' is listed twice"));
                }
            }
        }
        if (tenant != null && !TENANT.matcher(tenant).matches()) {
            errors.add(new FieldError("tenant", "must be 1 to 63 characters: lower-case letters, digits and -,"
                    + " starting and ending with a letter or digit"));
        }
        return errors;
    }

    public static List<FieldError> validatePassword(String password) {
        if (password == null || password.isEmpty()) {
            return List.of(new FieldError("password", "is required"));
        }
        int length = password.codePointCount(0, password.length());
        if (length < PASSWORD_MIN) {
            return List.of(new FieldError("password", "must be at least " + PASSWORD_MIN + " characters long"));
        }
        if (length > PASSWORD_MAX) {
            return List.of(new FieldError("password", "must be at most " + PASSWORD_MAX + " characters long"));
        }
        return List.of();
    }

    private static String truncate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
