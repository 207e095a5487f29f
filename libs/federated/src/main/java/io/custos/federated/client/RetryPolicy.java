package io.custos.federated.client;

import java.time.Duration;

/**
 * How often and how patiently a request is retried when the server is unreachable or answers
 * 5xx or 429: exponential backoff with "equal jitter" (half the delay fixed, half random), so
 * that many sites retrying after one outage do not hit the server in lockstep.
 *
 * @param maxRetries     retries after the first attempt (0: fail at once)
 * @param initialBackoff delay before the first retry, doubled before each further one
 * @param maxBackoff     ceiling of the doubled delay
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max retries must be >= 0, was " + maxRetries);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive with max >= initial");
        }
    }

    /** 5 retries from 0.5 s up to 30 s: rides out a restart of the server of about a minute. */
    public static RetryPolicy defaults(int maxRetries) {
        return new RetryPolicy(maxRetries, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** The un-jittered delay before retry number {@code retry} (0-based): initial * 2^retry, capped. */
    public Duration ceiling(int retry) {
        double delay = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() * Math.pow(2, retry));
        return Duration.ofMillis(Math.max(1, (long) delay));
    }

    /** The jittered delay: uniform in [ceiling / 2, ceiling] for {@code u} uniform in [0, 1). */
    public Duration delay(int retry, double u) {
        long ceiling = ceiling(retry).toMillis();
        return Duration.ofMillis(ceiling / 2 + Math.round(u * (ceiling - ceiling / 2)));
    }
}
