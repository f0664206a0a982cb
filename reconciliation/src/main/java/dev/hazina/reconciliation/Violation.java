package dev.hazina.reconciliation;

import java.util.Objects;

/**
 * One breach of a ledger invariant.
 *
 * @param invariant the stable name of the invariant, one of {@link Invariant}
 * @param subject   what breached it: an account id ({@code SEQUENCE_GAP}, {@code BALANCE_CHAIN},
 *                  {@code BALANCE_BOUNDS}), a currency ({@code CONSERVATION}) or a requestId (all others)
 * @param detail    a human-readable explanation
 */
public record Violation(String invariant, String subject, String detail) {

    public Violation {
        Objects.requireNonNull(invariant, "invariant");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(detail, "detail");
    }

    /** A violation of {@code invariant} by {@code subject}. */
    public static Violation of(Invariant invariant, String subject, String detail) {
        return new Violation(invariant.name(), subject, detail);
    }

    /** True when this breaches {@code invariant}. */
    public boolean is(Invariant invariant) {
        return this.invariant.equals(invariant.name());
    }

    @Override
    public String toString() {
        return invariant + "[" + subject + "]: " + detail;
    }
}
