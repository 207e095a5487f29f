package io.custos.gateway.proxy;

import io.custos.gateway.proxy.RouteTable.Target;
import io.custos.gateway.proxy.RouteTable.Upstream;
import io.custos.service.problem.Problem;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.Pipe;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Streams a request to the service owning its path and streams the answer back, with
 * back-pressure both ways (nothing is buffered whole). Hop-by-hop and spoofable identity headers
 * are dropped; Authorization, the W3C trace context and an X-Request-Id travel on. Failures are
 * problem+json: 413 for a body over the limit (before the service is contacted when the length is
 * declared, by resetting the upstream request when a chunked body grows too large), 502 when the
 * service is not configured or not reachable, 504 when it does not answer in time.
 */
public final class ReverseProxy {

    private static final Logger LOG = Logger.getLogger(ReverseProxy.class);
    private static final String REQUEST_ID = "X-Request-Id";

    private final Vertx vertx;
    private final HttpClient client;
    private final RouteTable routes;
    private final long maxBodyBytes;
    private final long responseTimeoutMillis;

    public ReverseProxy(Vertx vertx, HttpClient client, RouteTable routes, long maxBodyBytes, Duration responseTimeout) {
        this.vertx = vertx;
        this.client = client;
        this.routes = routes;
        this.maxBodyBytes = maxBodyBytes;
        this.responseTimeoutMillis = Math.max(1, responseTimeout.toMillis());
    }

    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        req.pause();
        // routed by the normalized path; start() refuses raw paths that normalize differently
        Optional<Target> resolved = routes.resolve(ctx.normalizedPath());
        if (resolved.isEmpty()) {
            req.resume();
            ctx.next();
            return;
        }
        new Exchange(ctx, resolved.get()).start();
    }

    /** The state of one proxied request. Runs on the request's event loop. */
    private final class Exchange {
        private final RoutingContext ctx;
        private final HttpServerRequest req;
        private final HttpServerResponse res;
        private final Target target;
        private final Context traceContext;
        private final String requestId;
        private HttpClientRequest upstream;
        private long sent;
        private long timer = -1;
        private boolean finished;

        Exchange(RoutingContext ctx, Target target) {
            this.ctx = ctx;
            this.req = ctx.request();
            this.res = ctx.response();
            this.target = target;
            this.traceContext = Context.current();
            String id = req.getHeader(REQUEST_ID);
            this.requestId = id == null || id.isBlank() || id.length() > 200 ? UUID.randomUUID().toString() : id;
        }

        void start() {
            res.putHeader(REQUEST_ID, requestId);
            if (!RouteTable.safePath(req.path())) {
                terminate(Problem.of(400, "bad-path", "Bad request",
                        "The path must not contain dot segments or encoded slashes.", req.path()));
                return;
            }
            if (target.base().isEmpty()) {
                terminate(Problem.of(502, "service-unavailable", "Bad gateway",
                        "The " + target.service() + " service is not configured on this gateway.", req.path()));
                return;
            }
            long declared;
            try {
                declared = declaredLength();
            } catch (NumberFormatException e) {
                terminate(Problem.of(400, "bad-request", "Bad request", "Content-Length is not a number.",
                        req.path()));
                return;
            }
            if (declared > maxBodyBytes) {
                terminate(tooLarge());
                return;
            }
            Upstream up = target.base().get();
            RequestOptions options = new RequestOptions()
                    .setMethod(req.method())
                    .setHost(up.host())
                    .setPort(up.port())
                    .setSsl(up.ssl())
                    .setURI(req.uri());
            res.closeHandler(v -> clientGone());
            client.request(options).onComplete(ar -> {
                if (finished) {
                    if (ar.succeeded()) {
                        ar.result().reset();
                    }
                    return;
                }
                if (ar.failed()) {
                    unreachable(ar.cause());
                    return;
                }
                forward(ar.result(), declared);
            });
        }

        private void forward(HttpClientRequest upstreamRequest, long declared) {
            upstream = upstreamRequest;
            // failures arrive through response(); this only keeps Vert.x from logging them as unhandled
            upstream.exceptionHandler(err -> LOG.debugf("%s request ended: %s", target.service(), err.toString()));
            MultiMap headers = upstream.headers();
            HeaderPolicy.copyRequestHeaders(req.headers(), headers);
            SocketAddress remote = req.remoteAddress();
            if (remote != null && remote.host() != null) {
                headers.set("X-Forwarded-For", remote.host());
            }
            String host = req.getHeader("Host");
            if (host != null) {
                headers.set("X-Forwarded-Host", host);
            }
            headers.set("X-Forwarded-Proto", req.scheme() == null ? "http" : req.scheme());
            headers.set(REQUEST_ID, requestId);
            injectTraceContext(headers);

            boolean chunked = declared < 0 && (isChunked(req)
                    || req.version() == HttpVersion.HTTP_2 && !req.isEnded() && mayHaveBody(req.method()));
            if (declared >= 0) {
                headers.set("Content-Length", Long.toString(declared));
            } else if (chunked) {
                upstream.setChunked(true);
            }
            upstream.response().onComplete(ar -> {
                if (ar.succeeded()) {
                    respond(ar.result());
                } else {
                    upstreamFailed(ar.cause());
                }
            });
            if ("100-continue".equalsIgnoreCase(req.getHeader("Expect")) && req.version() != HttpVersion.HTTP_1_0) {
                res.writeContinue();
            }
            if (req.isEnded()) {
                endUpstream();
                return;
            }
            req.handler(this::requestChunk);
            req.endHandler(v -> endUpstream());
            req.exceptionHandler(err -> {
                LOG.debugf("Client request to %s failed while streaming: %s", target.service(), err.toString());
                abortUpstream();
            });
            req.resume();
        }

        private void requestChunk(Buffer chunk) {
            if (finished) {
                return;
            }
            sent += chunk.length();
            if (sent > maxBodyBytes) {
                // A chunked body outgrew the limit: the service must not act on a truncated body.
                terminate(tooLarge());
                return;
            }
            upstream.write(chunk);
            if (upstream.writeQueueFull()) {
                req.pause();
                upstream.drainHandler(v -> req.resume());
            }
        }

        private void endUpstream() {
            if (finished) {
                return;
            }
            upstream.end().onComplete(ar -> {
                if (ar.succeeded() && !finished && timer < 0 && !res.headWritten()) {
                    timer = vertx.setTimer(responseTimeoutMillis, id -> timedOut());
                }
            });
        }

        private void respond(HttpClientResponse response) {
            cancelTimer();
            if (finished) {
                return;
            }
            res.setStatusCode(response.statusCode());
            if (response.statusMessage() != null) {
                res.setStatusMessage(response.statusMessage());
            }
            HeaderPolicy.copyResponseHeaders(response.headers(), res.headers());
            res.headers().set(REQUEST_ID, requestId);
            boolean hasLength = response.headers().contains("Content-Length");
            if (!hasLength && bodyAllowed(response.statusCode()) && req.version() != HttpVersion.HTTP_1_0) {
                res.setChunked(true);
            }
            Pipe<Buffer> pipe = response.pipe();
            pipe.endOnFailure(false);
            pipe.to(res).onComplete(ar -> {
                finished = true;
                if (ar.failed() && !res.ended()) {
                    // The answer is cut: never let it look complete.
                    LOG.debugf("Streaming the %s response failed: %s", target.service(), ar.cause().toString());
                    res.reset();
                }
            });
        }

        private void timedOut() {
            timer = -1;
            if (finished || res.headWritten()) {
                return;
            }
            LOG.warnf("The %s service did not answer %s %s within %d ms", target.service(), req.method(), req.path(),
                    responseTimeoutMillis);
            terminate(Problem.of(504, "upstream-timeout", "Gateway timeout",
                    "The " + target.service() + " service did not answer in time.", req.path()));
        }

        private void unreachable(Throwable cause) {
            LOG.warnf("The %s service is unreachable: %s", target.service(), cause.getClass().getSimpleName());
            terminate(Problem.of(502, "service-unavailable", "Bad gateway",
                    "The " + target.service() + " service is unavailable; try again later.", req.path()));
        }

        private void upstreamFailed(Throwable cause) {
            if (finished) {
                return;
            }
            if (cause instanceof TimeoutException) {
                terminate(Problem.of(504, "upstream-timeout", "Gateway timeout",
                        "The " + target.service() + " service did not answer in time.", req.path()));
                return;
            }
            LOG.warnf("The %s service failed before answering: %s", target.service(), cause.toString());
            terminate(Problem.of(502, "service-unavailable", "Bad gateway",
                    "The " + target.service() + " service closed the connection before answering.", req.path()));
        }

        private void clientGone() {
            if (!finished) {
                finished = true;
                cancelTimer();
                abortUpstream();
            }
        }

        private void abortUpstream() {
            if (upstream != null) {
                upstream.reset();
            }
        }

        private void cancelTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }

        /**
         * Ends the exchange with a problem: the upstream request (if any) is reset so the service
         * never acts on a partial request. If the client is still sending, its body is read and
         * dropped (bounded) and the connection closed, so it sees the answer and not a reset.
         */
        private void terminate(Problem problem) {
            if (finished) {
                return;
            }
            finished = true;
            cancelTimer();
            abortUpstream();
            if (res.headWritten()) {
                res.reset();
                return;
            }
            ProxyProblems.answerAndDrain(vertx, req, res, problem, ProxyProblems.DRAIN_LIMIT);
        }

        private Problem tooLarge() {
            return Problem.of(413, "payload-too-large", "Payload too large",
                    "The request body exceeds the limit of " + maxBodyBytes + " bytes for the " + target.service()
                            + " service.", req.path());
        }

        private long declaredLength() {
            String value = req.getHeader("Content-Length");
            if (value == null || isChunked(req)) {
                return -1;
            }
            long length = Long.parseLong(value.strip());
            if (length < 0) {
                throw new NumberFormatException(value);
            }
            return length;
        }

        private static boolean mayHaveBody(HttpMethod method) {
            return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS
                    && method != HttpMethod.DELETE && method != HttpMethod.TRACE;
        }

        private boolean bodyAllowed(int status) {
            return req.method() != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
        }

        private void injectTraceContext(MultiMap headers) {
            if (Span.fromContext(traceContext).getSpanContext().isValid()) {
                // the gateway's span becomes the parent; otherwise the client's traceparent passed as is
                W3CTraceContextPropagator.getInstance().inject(traceContext, headers, MultiMap::set);
            }
        }
    }

    private static boolean isChunked(HttpServerRequest req) {
        String te = req.getHeader("Transfer-Encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }
}
