package dev.hazina.reconciliation;

/**
 * The ledger invariants {@link LedgerChecker} verifies. Their names are stable: they appear in
 * {@link Violation#invariant()}, in reports and in alerts, so never rename one.
 */
public enum Invariant {
    /** Per currency, all final balances (system accounts included) sum to zero; transit never goes below zero. */
    CONSERVATION,
    /** Each transfer's entries balance (credits equal debits) and post each leg at most once. */
    TRANSFER_BALANCE,
    /** No non-system balance drops below {@code -overdraftLimit} or is credited above {@code maxBalance}. */
    BALANCE_BOUNDS,
    /** Each requestId has at most one original outcome, and only submitted requests have one. */
    ONE_OUTCOME,
    /** At quiescence, every known requestId has its outcome. */
    MISSING_OUTCOME,
    /** Every answer to a retry repeats the original status and reason. */
    DUPLICATE_ANSWER,
    /** Each account's sequence numbers run 1, 2, 3... without gaps or repeats. */
    SEQUENCE_GAP,
    /** Each balanceAfter follows from the previous one and the posting's amount and direction. */
    BALANCE_CHAIN,
    /** Each CREDIT leg is answered by exactly one REFUND or CONFIRM; REVERSED outcomes carry REFUND entries. */
    LEG_PAIRING,
    /** A REJECTED transfer posts nothing. */
    REJECTED_POSTED
}
