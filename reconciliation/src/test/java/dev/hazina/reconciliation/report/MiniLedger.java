package dev.hazina.reconciliation.report;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * A small hand-driven ledger for the report tests: it writes balanced entry pairs with gap-free
 * sequences and true balances (so the other checks stay quiet), and the matching results.
 */
final class MiniLedger {

    static final String KES = "KES";
    static final String ISSUANCE = "SYS.ISSUANCE.KES.0";
    static final String FEES = "SYS.FEES.KES.0";

    private final DailyReportDriver driver;
    private final Map<String, long[]> accounts = new HashMap<>();
    private boolean typed = true;

    MiniLedger(DailyReportDriver driver) {
        this.driver = driver;
    }

    /** Debits {@code from} and credits {@code to} by {@code amount} in one posting pair. */
    void move(String id, TransferKind kind, EntryType type, String from, String to, long amount, Instant at) {
        driver.entry(entry(id, kind, type, from, EntryDirection.DEBIT, amount, to, at));
        driver.entry(entry(id, kind, type, to, EntryDirection.CREDIT, amount, from, at));
    }

    /** From now on, writes entries as a ledger before 0.2 did: without the account's type. */
    void untyped() {
        typed = false;
    }

    void completed(String id, TransferKind kind, String payer, String payee, long amount, long fee, Instant at) {
        driver.result(result(id, kind, TransferStatus.COMPLETED, payer, payee, amount, fee, at).build());
    }

    void rejected(String id, TransferKind kind, String payer, String payee, long amount, Instant at) {
        driver.result(result(id, kind, TransferStatus.REJECTED, payer, payee, amount, 0, at)
            .setReason(ReasonCode.INSUFFICIENT_FUNDS).build());
    }

    void duplicate(String id, TransferKind kind, String payer, String payee, long amount, Instant at) {
        driver.result(result(id, kind, TransferStatus.COMPLETED, payer, payee, amount, 0, at).setDuplicate(true).build());
    }

    private LedgerEntry entry(String id, TransferKind kind, EntryType type, String account, EntryDirection direction,
                              long amount, String counterparty, Instant at) {
        long[] state = accounts.computeIfAbsent(account, a -> new long[2]);
        state[0]++;
        state[1] += direction == EntryDirection.DEBIT ? -amount : amount;
        return LedgerEntry.newBuilder().setAccountId(account).setSequence(state[0]).setTransferId(id).setKind(kind)
            .setEntryType(type).setDirection(direction).setAmount(amount).setBalanceAfter(state[1]).setCurrency(KES)
            .setCounterparty(counterparty).setPostedAt(at.toEpochMilli()).setAccountType(typed ? type(account) : null).build();
    }

    private static AccountType type(String account) {
        if (account.startsWith("SYS.")) {
            return AccountType.SYSTEM;
        } else if (account.startsWith("AGENT-")) {
            return AccountType.AGENT;
        } else if (account.startsWith("MERCH-")) {
            return AccountType.MERCHANT;
        } else if (account.startsWith("BIZ-")) {
            return AccountType.BUSINESS;
        }
        return AccountType.CUSTOMER;
    }

    private static TransferResult.Builder result(String id, TransferKind kind, TransferStatus status, String payer,
                                                 String payee, long amount, long fee, Instant at) {
        return TransferResult.newBuilder().setRequestId(id).setKind(kind).setStatus(status).setPayer(payer).setPayee(payee)
            .setAmount(amount).setFee(fee).setCurrency(KES).setRequestedAt(at.toEpochMilli() - 5)
            .setDecidedAt(at.toEpochMilli());
    }
}
