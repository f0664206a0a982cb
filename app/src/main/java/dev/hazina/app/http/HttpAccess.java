package dev.hazina.app.http;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.javalin.http.Context;
import io.javalin.security.BasicAuthCredentials;
import io.javalin.security.RouteRole;

/**
 * Runs before every matched route: a route that names roles is served only to a caller whose HTTP
 * Basic credentials name a user of one of those roles (401 without valid credentials, 403 with the
 * wrong role). A route without roles is open. {@link #open()} admits everyone, for the demo and tests
 * on the loopback interface.
 */
public final class HttpAccess {

    private final HttpUsers users;

    private HttpAccess(HttpUsers users) {
        this.users = users;
    }

    public static HttpAccess open() {
        return new HttpAccess(null);
    }

    public static HttpAccess basic(HttpUsers users) {
        return new HttpAccess(users);
    }

    public boolean authenticates() {
        return users != null;
    }

    /** Javalin's before-matched handler. */
    public void check(Context ctx) {
        Set<RouteRole> admitted = ctx.routeRoles();
        if (users == null || admitted.isEmpty()) {
            return;
        }
        Optional<HttpRole> role = authenticate(ctx);
        if (role.isEmpty()) {
            ctx.header("WWW-Authenticate", "Basic realm=\"hazina\", charset=\"UTF-8\"");
            deny(ctx, 401, "UNAUTHENTICATED", "this route needs HTTP Basic credentials of a user in the HTTP users file");
        } else if (!admitted.contains(role.get())) {
            deny(ctx, 403, "FORBIDDEN", "role " + role.get().label() + " may not use " + ctx.path());
        }
    }

    private Optional<HttpRole> authenticate(Context ctx) {
        BasicAuthCredentials credentials;
        try {
            credentials = ctx.basicAuthCredentials();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return credentials == null ? Optional.empty() : users.authenticate(credentials.getUsername(), credentials.getPassword());
    }

    private static void deny(Context ctx, int status, String error, String detail) {
        ctx.status(status).json(Map.of("error", error, "detail", detail));
        ctx.skipRemainingHandlers();
    }
}
