package dev.hazina.reconciliation;

import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferKind;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-transfer checks, fed one entry at a time: {@link Invariant#TRANSFER_BALANCE}.
 *
 * <p>Every ledger step balances by itself, so at any committed point each transfer's credits equal
 * its debits. For the kinds whose postings are fixed (P2P, CASH_IN, CASH_OUT, MERCHANT_PAYMENT, B2C,
 * ISSUE, CAPTURE, REVERSAL) no account takes the same entry type in the same direction with the
 * same counterparty twice within one transfer: a second one means a step was applied twice, even
 * when it balances. (The counterparty tells apart the legitimate pairs a top-up adds, e.g. the
 * transit shard receiving the top-up from the funder and, on a refund, sending it back.)
 */
final class TransferChecks {

    private static final Set<TransferKind> SAGA_KINDS = EnumSet.of(
            TransferKind.P2P, TransferKind.CASH_IN, TransferKind.CASH_OUT,
            TransferKind.MERCHANT_PAYMENT, TransferKind.B2C, TransferKind.ISSUE,
            TransferKind.CAPTURE, TransferKind.REVERSAL);

    /** One posting slot of a transfer: who, which leg, which way, with whom. */
    private record Slot(String accountId, EntryType entryType, EntryDirection direction, String counterparty) { }

    /** What one transfer posted so far. */
    static final class Tally {
        private String currency;
        private long net;
        private boolean mixedCurrencies;
        private boolean refunded;
        private int entries;
        private Set<Slot> slots;
        private StringBuilder problems;

        /** True when the transfer posted at least one REFUND entry. */
        boolean refunded() {
            return refunded;
        }

        int entries() {
            return entries;
        }

        private void problem(String text) {
            if (problems == null) {
                problems = new StringBuilder(text);
            } else {
                problems.append("; ").append(text);
            }
        }
    }

    private final Map<String, Tally> tallies = new LinkedHashMap<>();

    void accept(LedgerEntry entry) {
        Tally tally = tallies.computeIfAbsent(entry.getTransferId(), id -> new Tally());
        tally.entries++;
        tally.refunded |= entry.getEntryType() == EntryType.REFUND;
        if (entry.getAmount() <= 0) {
            tally.problem(entry.getAccountId() + " sequence " + entry.getSequence() + " has amount " + entry.getAmount());
        }
        if (tally.currency == null) {
            tally.currency = entry.getCurrency();
        } else if (!tally.mixedCurrencies && !tally.currency.equals(entry.getCurrency())) {
            tally.mixedCurrencies = true;
            tally.problem("entries in both " + tally.currency + " and " + entry.getCurrency());
        }
        try {
            long signed = entry.getDirection() == EntryDirection.CREDIT ? entry.getAmount() : Math.negateExact(entry.getAmount());
            tally.net = Math.addExact(tally.net, signed);
        } catch (ArithmeticException overflow) {
            tally.problem("amounts overflow");
        }
        if (SAGA_KINDS.contains(entry.getKind())) {
            if (tally.slots == null) {
                tally.slots = new HashSet<>(8);
            }
            if (!tally.slots.add(new Slot(entry.getAccountId(), entry.getEntryType(), entry.getDirection(),
                    entry.getCounterparty()))) {
                tally.problem(entry.getAccountId() + " has a second " + entry.getEntryType() + " " + entry.getDirection()
                        + " posting (sequence " + entry.getSequence() + ")");
            }
        }
    }

    /** Each transfer's tally, in order of first appearance. */
    Map<String, Tally> tallies() {
        return tallies;
    }

    void finish(List<Violation> violations) {
        tallies.forEach((transferId, tally) -> {
            if (tally.net != 0) {
                tally.problem("credits minus debits is " + tally.net + " " + tally.currency + " over " + tally.entries + " entries");
            }
            if (tally.problems != null) {
                violations.add(Violation.of(Invariant.TRANSFER_BALANCE, transferId, tally.problems.toString()));
            }
        });
    }
}
