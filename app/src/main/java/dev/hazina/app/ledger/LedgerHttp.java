package dev.hazina.app.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.javalin.Javalin;
import io.javalin.http.Context;

import dev.hazina.app.http.HttpAccess;
import dev.hazina.app.http.HttpRole;
import dev.hazina.app.query.LedgerQueries;
import dev.hazina.app.query.LedgerQueries.Answer;
import dev.hazina.app.query.LedgerQueries.Caller;

/**
 * The HTTP surface of {@code hazina run}: balance, statement and transfer queries (answered by
 * {@link LedgerQueries}), Prometheus metrics, the live operator page that reads them ({@code /} and
 * {@link #LIVE_PATH}) and the OpenAPI description of it all. Queries admit the channel and ops roles,
 * the metrics and the page the monitor and ops roles, and the description is open; {@link HttpAccess}
 * decides.
 */
public final class LedgerHttp implements AutoCloseable {

    public static final String OPENAPI_PATH = "/openapi.yaml";
    /** The live operator page; {@code /} serves it too. */
    public static final String LIVE_PATH = "/live";
    static final int MAX_STATEMENT = 100;

    private final Javalin server;
    private final LedgerMetrics metrics;

    private LedgerHttp(Javalin server, LedgerMetrics metrics) {
        this.server = server;
        this.metrics = metrics;
    }

    public static LedgerHttp start(String host, int port, LedgerQueries queries, LedgerMetrics metrics, HttpAccess access) {
        String openApi = resource("/dev/hazina/app/openapi.yaml");
        String livePage = resource("/dev/hazina/app/live.html");
        HttpRole[] watchers = {HttpRole.MONITOR, HttpRole.OPS};
        HttpRole[] askers = {HttpRole.CHANNEL, HttpRole.OPS};
        Javalin server = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.startup.showJavalinBanner = false;
            config.routes.beforeMatched(access::check);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()),
                watchers);
            config.routes.get("/", ctx -> ctx.html(livePage), watchers);
            config.routes.get(LIVE_PATH, ctx -> ctx.html(livePage), watchers);
            config.routes.get(OPENAPI_PATH, ctx -> ctx.contentType("application/yaml").result(openApi));
            config.routes.get("/accounts/{id}", ctx -> reply(ctx, queries.account(ctx.pathParam("id"), caller(ctx))),
                askers);
            config.routes.get("/accounts/{id}/statement", ctx -> {
                Integer limit = limit(ctx);
                if (limit != null) {
                    reply(ctx, queries.statement(ctx.pathParam("id"), limit, caller(ctx)));
                }
            }, askers);
            config.routes.get("/transfers/{requestId}", ctx -> reply(ctx,
                queries.transfer(ctx.pathParam("requestId"), ctx.queryParam("payer"), caller(ctx))), askers);
        }).start();
        return new LedgerHttp(server, metrics);
    }

    /** The port it listens on (the one asked for, or the one chosen for port 0). */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        metrics.close();
    }

    private static Integer limit(Context ctx) {
        String text = ctx.queryParam("limit");
        try {
            int limit = text == null ? 5 : Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_STATEMENT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        ctx.status(400).contentType("application/json")
            .result("{\"error\":\"BAD_REQUEST\",\"detail\":\"limit must be a whole number from 1 to " + MAX_STATEMENT + "\"}");
        return null;
    }

    /** Who asks: their credentials travel with a query forwarded to the key's owner, which checks them again. */
    private static Caller caller(Context ctx) {
        return new Caller(ctx.header("Authorization"), ctx.header(LedgerQueries.FORWARDED_HEADER) != null);
    }

    private static void reply(Context ctx, Answer answer) {
        if (answer.retryAfterSeconds() != null) {
            ctx.header("Retry-After", answer.retryAfterSeconds().toString());
        }
        ctx.status(answer.status()).contentType("application/json").result(answer.body());
    }

    private static String resource(String name) {
        try (InputStream in = LedgerHttp.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
