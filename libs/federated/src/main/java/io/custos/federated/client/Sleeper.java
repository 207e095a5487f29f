package io.custos.federated.client;

import java.time.Duration;

/** Waiting, injectable so that tests of polling and backoff need not wait for real. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
