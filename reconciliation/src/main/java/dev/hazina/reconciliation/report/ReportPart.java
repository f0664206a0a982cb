package dev.hazina.reconciliation.report;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.Serde;

import dev.hazina.reconciliation.stream.StateSerde;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.ReconciliationAlert;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import dev.hazina.schemas.TrustStatement;

/**
 * One input record's contribution to one day's report, as it travels regrouped by currency: named
 * figures to add (see {@link Figures}), or one bank account's statement to put.
 *
 * @param currency the currency, or {@link #ALL_CURRENCIES} for figures without one (dead letters, some alerts)
 * @param day      the business day, ISO yyyy-MM-dd
 * @param time     the ledger-stamped time it carries (postedAt, decidedAt, failedAt, detectedAt), or 0 for a statement
 * @param ledgerClock true for a ledger entry, whose postedAt moves the currency's business clock
 * @param deltas   figure name to the amount added to it
 * @param trust    a bank account's statement, or null
 */
record ReportPart(String currency, String day, long time, boolean ledgerClock, SortedMap<String, Long> deltas,
                  TrustLine trust) {

    static final String ALL_CURRENCIES = "*";

    static final Serde<ReportPart> SERDE = StateSerde.of(ReportPart::write, ReportPart::read);

    static String day(long epochMs, ZoneId zone) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMs), zone).toString();
    }

    /** A ledger entry: the liability moves by the signed amount of every account but an issuance shard. */
    static ReportPart of(LedgerEntry entry, ZoneId zone) {
        AccountClass accountClass = AccountClass.of(entry);
        boolean debit = entry.getDirection() == EntryDirection.DEBIT;
        long amount = entry.getAmount();
        SortedMap<String, Long> deltas = new TreeMap<>();
        if (accountClass == AccountClass.ISSUANCE) {
            deltas.put(debit ? Figures.ISSUED : Figures.REDEEMED, amount);
        } else {
            deltas.put(Figures.liability(accountClass), debit ? -amount : amount);
        }
        if (accountClass == AccountClass.FEES && entry.getEntryType() == EntryType.FEE) {
            deltas.put(Figures.FEES, debit ? -amount : amount);
        } else if (accountClass == AccountClass.FEES && entry.getEntryType() == EntryType.COMMISSION) {
            deltas.put(Figures.COMMISSIONS, debit ? amount : -amount);
        }
        return new ReportPart(entry.getCurrency(), day(entry.getPostedAt(), zone), entry.getPostedAt(), true, deltas, null);
    }

    /** A transfer's outcome, by decidedAt; null for an answer to a retry, which decided nothing new. */
    static ReportPart of(TransferResult result, ZoneId zone) {
        if (result.getDuplicate()) {
            return null;
        }
        SortedMap<String, Long> deltas = new TreeMap<>();
        String outcome = result.getKind() + "." + result.getStatus();
        deltas.put(Figures.COUNT + outcome, 1L);
        deltas.put(Figures.VALUE + outcome, result.getAmount());
        if (result.getKind() == TransferKind.REVERSAL && result.getStatus() == TransferStatus.COMPLETED) {
            deltas.put(Figures.REVERSALS, 1L);
            deltas.put(Figures.REVERSALS_VALUE, result.getAmount());
        }
        return new ReportPart(result.getCurrency(), day(result.getDecidedAt(), zone), result.getDecidedAt(), false, deltas, null);
    }

    /** A dead letter, by failedAt; it has no currency, so every currency's report counts it. */
    static ReportPart of(DeadLetter letter, ZoneId zone) {
        SortedMap<String, Long> deltas = new TreeMap<>(Map.of(Figures.DEAD_LETTERS + letter.getReason(), 1L));
        return new ReportPart(ALL_CURRENCIES, day(letter.getFailedAt(), zone), letter.getFailedAt(), false, deltas, null);
    }

    /** A reconciliation alert, by detectedAt, in its currency's report or, without one, in every currency's. */
    static ReportPart of(ReconciliationAlert alert, ZoneId zone) {
        SortedMap<String, Long> deltas = new TreeMap<>(Map.of(Figures.ALERTS + alert.getCheck() + "/" + alert.getStatus(), 1L));
        String currency = alert.getCurrency() == null ? ALL_CURRENCIES : alert.getCurrency();
        return new ReportPart(currency, day(alert.getDetectedAt(), zone), alert.getDetectedAt(), false, deltas, null);
    }

    /** A valid trust statement: it replaces the bank account's earlier statement for the same day. */
    static ReportPart of(TrustStatement statement) {
        TrustLine line = new TrustLine(statement.getBankAccount(), statement.getClosingBalance(),
            statement.getDepositsInTransit(), statement.getOutstandingWithdrawals());
        return new ReportPart(statement.getCurrency(), statement.getBusinessDay(), 0, false, new TreeMap<>(), line);
    }

    String reportId() {
        return currency + ":" + day;
    }

    private static void write(ReportPart part, DataOutputStream out) throws IOException {
        out.writeUTF(part.currency);
        out.writeUTF(part.day);
        out.writeLong(part.time);
        out.writeBoolean(part.ledgerClock);
        Figures.writeSums(part.deltas, out);
        out.writeBoolean(part.trust != null);
        if (part.trust != null) {
            part.trust.write(out);
        }
    }

    private static ReportPart read(DataInputStream in) throws IOException {
        String currency = in.readUTF();
        String day = in.readUTF();
        long time = in.readLong();
        boolean ledgerClock = in.readBoolean();
        SortedMap<String, Long> deltas = Figures.readSums(in);
        TrustLine trust = in.readBoolean() ? TrustLine.read(in) : null;
        return new ReportPart(currency, day, time, ledgerClock, deltas, trust);
    }
}
