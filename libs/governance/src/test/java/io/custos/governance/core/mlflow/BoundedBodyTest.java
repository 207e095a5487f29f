package io.custos.governance.core.mlflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The streaming bound, fed directly: a body larger than its declared size is cut off while it streams. */
class BoundedBodyTest {

    private static final byte[] MLMODEL = Fixtures.bytes("get-artifact-MLmodel.txt");

    /** Counts demand and cancellation, as the HTTP client's subscription would see them. */
    private static final class Subscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static BoundedBody.Result feed(BoundedBody body, Subscription subscription, byte[] bytes, int chunk) {
        body.onSubscribe(subscription);
        for (int i = 0; i < bytes.length && !subscription.cancelled; i += chunk) {
            body.onNext(List.of(ByteBuffer.wrap(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk)))));
        }
        if (!subscription.cancelled) {
            body.onComplete();
        }
        return body.getBody().toCompletableFuture().join();
    }

    @Test
    void hashesTheWholeBodyAndKeepsOnlyWhatWasAskedFor() {
        Subscription s = new Subscription();
        BoundedBody.Result result = feed(new BoundedBody(MLMODEL.length, 10), s, MLMODEL, 64);
        assertFalse(result.overLimit());
        assertEquals(MLMODEL.length, result.bytesSeen());
        assertEquals(Fixtures.sha256(MLMODEL), result.sha256());
        assertArrayEquals(Arrays.copyOf(MLMODEL, 10), result.kept());
        assertFalse(s.cancelled);
    }

    @Test
    void stopsTheTransferAsSoonAsTheLimitIsPassed() {
        Subscription s = new Subscription();
        BoundedBody.Result result = feed(new BoundedBody(100, 0), s, MLMODEL, 64);
        assertTrue(result.overLimit());
        assertNull(result.sha256());
        assertTrue(s.cancelled, "the rest of the body is not downloaded");
        assertEquals(128, result.bytesSeen(), "two chunks of 64 bytes arrived, the second crossed the limit");
        assertTrue(s.requested <= 2, "no more demand after the limit");
    }

    @Test
    void anEmptyBodyHasTheHashOfNothing() {
        BoundedBody.Result result = feed(new BoundedBody(0, 0), new Subscription(), new byte[0], 1);
        assertFalse(result.overLimit());
        assertEquals(Fixtures.sha256(new byte[0]), result.sha256());
    }
}
