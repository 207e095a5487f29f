package io.custos.governance.core.mlflow;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Receives a response body while it streams: hashes every byte with SHA-256, keeps at most
 * {@code keepBytes} of it, and gives up (cancelling the transfer) as soon as more than
 * {@code limitBytes} arrive, so a server that lies about a size, or never stops sending, costs
 * at most the limit. Nothing is written to disk and nothing is interpreted here.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Result> {

    /**
     * @param bytesSeen bytes received (when over the limit: at least limit + 1)
     * @param overLimit true when the body was larger than the limit and the transfer was cancelled
     * @param sha256    lower-case hex SHA-256 of the whole body, null when over the limit
     * @param kept      the first {@code keepBytes} bytes of the body
     */
    record Result(long bytesSeen, boolean overLimit, String sha256, byte[] kept) {
    }

    private final long limitBytes;
    private final int keepBytes;
    private final MessageDigest digest;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long seen;
    private boolean finished;

    BoundedBody(long limitBytes, int keepBytes) {
        if (limitBytes < 0 || keepBytes < 0) {
            throw new IllegalArgumentException("limits must be >= 0");
        }
        this.limitBytes = limitBytes;
        this.keepBytes = keepBytes;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (finished) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int n = buffer.remaining();
            if (seen + n > limitBytes) {
                seen += n;
                finished = true;
                subscription.cancel();
                result.complete(new Result(seen, true, null, kept.toByteArray()));
                return;
            }
            int keep = Math.min(n, Math.max(0, keepBytes - kept.size()));
            if (keep > 0) {
                byte[] chunk = new byte[keep];
                buffer.duplicate().get(chunk);
                kept.write(chunk, 0, keep);
            }
            digest.update(buffer);
            seen += n;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        finished = true;
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (!finished) {
            finished = true;
            result.complete(new Result(seen, false, HexFormat.of().formatHex(digest.digest()), kept.toByteArray()));
        }
    }

    @Override
    public CompletionStage<Result> getBody() {
        return result;
    }
}
