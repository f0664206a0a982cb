package dev.hazina.app.security;

import java.util.Locale;

/** What a principal is for; each role's grants are in {@link AclPlan}. */
public enum Role {
    /** A channel (USSD, app, agent terminals): writes requests, reads results. */
    CHANNEL,
    /** Operators: issue e-money, reverse, send account commands, read their answers. */
    OPS,
    /** {@code hazina replay}: reads the request topics and the ledger's answers, re-sends channel requests. */
    REPLAY,
    /** The ledger Streams application. */
    LEDGER,
    /** The fraud-scoring Streams application. */
    FRAUD,
    /** The reconciliation Streams application. */
    RECONCILIATION,
    /** Kafka Connect workers and their sink connectors. */
    CONNECT,
    /** An auditor or a regulator: reads the journal, its checkpoints and the reports; writes nothing. */
    AUDITOR,
    /** Treasury: writes the trust bank statements the daily report matches, nothing else. */
    TREASURY;

    static Role parse(String principal, String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("principal " + principal + " has unknown role '" + text
                + "'; roles: channel, ops, replay, ledger, fraud, reconciliation, connect, auditor, treasury");
        }
    }
}
