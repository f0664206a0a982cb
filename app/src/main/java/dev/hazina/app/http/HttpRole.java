package dev.hazina.app.http;

import java.util.Locale;

import io.javalin.security.RouteRole;

/** Who may use which part of the ledger's HTTP surface; each route names the roles it admits. */
public enum HttpRole implements RouteRole {
    /** A channel (USSD gateway, app back end, agent terminals): balance, statement and transfer queries. */
    CHANNEL,
    /** A scraper or a screen on the wall: Prometheus {@code /metrics} and the live page. */
    MONITOR,
    /** Operators: everything. */
    OPS;

    public static HttpRole parse(String user, String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HTTP user " + user + " has unknown role '" + text
                + "'; roles: channel, monitor, ops");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
