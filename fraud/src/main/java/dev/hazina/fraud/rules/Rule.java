package dev.hazina.fraud.rules;

import dev.hazina.schemas.RuleBand;

/**
 * One question about an account, answered with a band from 0 (nothing seen) to 3 (strong), as
 * Tazama's rule processors do. A rule reads the evidence only; it keeps no state of its own.
 */
public interface Rule {

    /** The id typologies weigh it by, e.g. {@code fan-in}. */
    String id();

    /** The band for {@code evidence}; {@link #none} when the question does not apply. */
    RuleBand evaluate(Evidence evidence);

    default RuleBand none() {
        return band(0, "not seen", java.util.List.of());
    }

    default RuleBand band(int band, String detail, java.util.List<String> transferIds) {
        return RuleBand.newBuilder().setRule(id()).setBand(band).setDetail(detail)
            .setTransferIds(java.util.List.copyOf(transferIds)).build();
    }
}
