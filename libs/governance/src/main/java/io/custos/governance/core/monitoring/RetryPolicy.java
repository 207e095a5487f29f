package io.custos.governance.core.monitoring;

import java.time.Duration;

/**
 * How often to try a delivery that failed for a reason that may pass (a 5xx, a timeout, a refused
 * connection) and how long to wait in between: {@code initialBackoff}, doubling after each attempt,
 * never more than {@code maxBackoff}. Bounded, so a dead endpoint costs at most
 * maxAttempts x (timeout + maxBackoff).
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts is " + maxAttempts + "; it must be between 1 and 10");
        }
        if (initialBackoff == null || initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must be zero or positive");
        }
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff");
        }
    }

    /** Three attempts, waiting 1 s then 2 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    /** A single attempt. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    Duration backoffAfter(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /** Sleeps; false when interrupted (the interrupt flag is restored). */
    static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
