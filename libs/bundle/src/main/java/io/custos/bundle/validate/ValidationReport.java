package io.custos.bundle.validate;

import java.util.List;

/**
 * The outcome of validating or verifying a bundle: valid when no check failed. What the bundle
 * claims to be (id, model, version, key) is reported as read, whether or not it verified.
 */
public record ValidationReport(boolean valid, String mode, String bundleId, String modelName, String modelVersion,
        String signingKeyId, List<CheckResult> checks) {

    public List<CheckResult> failures() {
        return checks.stream().filter(c -> c.status() == CheckResult.Status.FAIL).toList();
    }

    public CheckResult check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check " + id));
    }
}
