package dev.hazina.reconciliation;

import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-account checks, fed one entry at a time in per-account order: {@link Invariant#SEQUENCE_GAP},
 * {@link Invariant#BALANCE_CHAIN} and {@link Invariant#BALANCE_BOUNDS}. Keeps each account's final
 * balance.
 *
 * <p>After a breach the check resynchronises on the entry as read, so one fault is reported once
 * rather than on every later posting. A posting whose sequence is out of line is reported as a gap
 * and its balanceAfter is not chain-checked (the posting it follows from is missing or repeated).
 */
final class AccountChecks {

    /** System accounts (issuance, fees, transit, suspense shards) carry no balance bounds. */
    static final String SYSTEM_PREFIX = "SYS.";

    /** Where one account stands after the postings read so far. */
    static final class Cursor {
        private long sequence;
        private long balance;
        private String currency;

        long balance() {
            return balance;
        }

        String currency() {
            return currency;
        }
    }

    private final Map<String, Cursor> cursors = new HashMap<>();
    private final LimitsHistory limits;
    private final List<Violation> violations;

    AccountChecks(LimitsHistory limits, List<Violation> violations) {
        this.limits = limits;
        this.violations = violations;
    }

    void accept(LedgerEntry entry) {
        String account = entry.getAccountId();
        Cursor cursor = cursors.computeIfAbsent(account, id -> new Cursor());
        long expected = cursor.sequence + 1;
        long sequence = entry.getSequence();
        if (sequence == expected) {
            checkChain(entry, cursor);
        } else {
            violations.add(Violation.of(Invariant.SEQUENCE_GAP, account,
                    "sequence " + sequence + " where " + expected + " was expected (transfer " + entry.getTransferId() + ")"));
        }
        // A repeated or stale posting does not move the account back in time.
        if (sequence >= expected) {
            cursor.sequence = sequence;
            cursor.balance = entry.getBalanceAfter();
            cursor.currency = entry.getCurrency();
        }
        checkBounds(entry);
    }

    /** Each account's state after its latest posting. */
    Map<String, Cursor> cursors() {
        return cursors;
    }

    private void checkChain(LedgerEntry entry, Cursor cursor) {
        String account = entry.getAccountId();
        if (cursor.currency != null && !cursor.currency.equals(entry.getCurrency())) {
            violations.add(Violation.of(Invariant.BALANCE_CHAIN, account,
                    "sequence " + entry.getSequence() + " is in " + entry.getCurrency() + " but the account holds " + cursor.currency));
            return;
        }
        String expected;
        try {
            long signed = entry.getDirection() == EntryDirection.CREDIT ? entry.getAmount() : Math.negateExact(entry.getAmount());
            long balance = Math.addExact(cursor.balance, signed);
            if (balance == entry.getBalanceAfter()) {
                return;
            }
            expected = Long.toString(balance);
        } catch (ArithmeticException overflow) {
            expected = "an overflowing balance";
        }
        violations.add(Violation.of(Invariant.BALANCE_CHAIN, account,
                "sequence " + entry.getSequence() + " has balanceAfter " + entry.getBalanceAfter() + " but "
                        + cursor.balance + " " + entry.getDirection() + " " + entry.getAmount() + " gives " + expected));
    }

    private void checkBounds(LedgerEntry entry) {
        String account = entry.getAccountId();
        if (account.startsWith(SYSTEM_PREFIX)) {
            return;
        }
        // The ledger gates debits on the floor and payee credits on the ceiling; a limit lowered later
        // may leave a balance out of bounds without any posting breaking it.
        boolean debit = entry.getDirection() == EntryDirection.DEBIT;
        boolean payeeCredit = !debit
                && (entry.getEntryType() == EntryType.PRINCIPAL || entry.getEntryType() == EntryType.COMMISSION);
        if (!debit && !payeeCredit) {
            return;
        }
        LimitsHistory.Bounds bounds = limits.at(account, entry.getPostedAt());
        if (bounds == null) {
            return;
        }
        long balance = entry.getBalanceAfter();
        if (debit && balance < -bounds.overdraftLimit()) {
            violations.add(Violation.of(Invariant.BALANCE_BOUNDS, account,
                    "sequence " + entry.getSequence() + " leaves " + balance + ", below the overdraft limit " + bounds.overdraftLimit()));
        } else if (payeeCredit && balance > bounds.maxBalance()) {
            violations.add(Violation.of(Invariant.BALANCE_BOUNDS, account,
                    "sequence " + entry.getSequence() + " leaves " + balance + ", above the maximum balance " + bounds.maxBalance()));
        }
    }
}
