package io.custos.bundle.validate;

/** One check of a bundle and its outcome, with a message a person can act on. */
public record CheckResult(String id, Status status, String message) {

    public enum Status {
        PASS, WARN, FAIL, SKIP
    }

    static CheckResult pass(String id, String message) {
        return new CheckResult(id, Status.PASS, message);
    }

    static CheckResult warn(String id, String message) {
        return new CheckResult(id, Status.WARN, message);
    }

    static CheckResult fail(String id, String message) {
        return new CheckResult(id, Status.FAIL, message);
    }

    static CheckResult skip(String id, String message) {
        return new CheckResult(id, Status.SKIP, message);
    }
}
