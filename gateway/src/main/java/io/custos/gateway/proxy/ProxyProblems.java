package io.custos.gateway.proxy;

import io.custos.gateway.service.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;

/** RFC 9457 problem+json answers of the proxy. They name the service, never its internal address. */
final class ProxyProblems {

    /** How much of a refused body is read and dropped before the connection is closed. */
    static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    private ProxyProblems() {
    }

    static JsonObject problem(int status, String slug, String title, String detail, String instance) {
        return new JsonObject()
                .put("type", ProblemException.TYPE_BASE + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", instance);
    }

    /**
     * Answers with a problem while the client may still be sending: on HTTP/1.x the rest of the
     * body is read and dropped (at most {@code drainLimit} bytes) and the connection closed, so the
     * client sees the answer rather than a reset connection.
     */
    static void answerAndDrain(Vertx vertx, HttpServerRequest req, HttpServerResponse res, JsonObject problem,
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

    static void write(HttpServerResponse response, JsonObject problem) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(problem.getInteger("status"));
        response.putHeader("Content-Type", "application/problem+json");
        response.end(problem.encode());
    }
}
