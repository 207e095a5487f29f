package io.custos.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.service.problem.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * RFC 9457 problem+json answers of the proxy, written on the raw Vert.x response (the proxy runs
 * ahead of Quarkus REST, so the shared {@code ProblemMappers} never see them) in the same shape:
 * the shared {@link Problem}. They name the service, never its internal address.
 */
final class ProxyProblems {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How much of a refused body is read and dropped before the connection is closed. */
    static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    private ProxyProblems() {
    }

    /**
     * Answers with a problem while the client may still be sending: on HTTP/1.x the rest of the
     * body is read and dropped (at most {@code drainLimit} bytes) and the connection closed, so the
     * client sees the answer rather than a reset connection.
     */
    static void answerAndDrain(Vertx vertx, HttpServerRequest req, HttpServerResponse res, Problem problem,
            long drainLimit) {
        boolean drain = req.version() != HttpVersion.HTTP_2 && !req.isEnded();
        if (drain) {
            res.putHeader("Connection", "close");
        }
        write(res, problem);
        if (!drain) {
            return;
        }
        long[] drained = {0};
        req.handler(buf -> {
            drained[0] += buf.length();
            if (drained[0] > drainLimit) {
                req.connection().close();
            }
        });
        req.endHandler(v -> vertx.setTimer(50, id -> req.connection().close()));
        req.exceptionHandler(err -> {
        });
        req.resume();
    }

    static void write(HttpServerResponse response, Problem problem) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(problem.status());
        response.putHeader("Content-Type", Problem.MEDIA_TYPE);
        response.end(encode(problem));
    }

    static String encode(Problem problem) {
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a problem document", e);
        }
    }
}
