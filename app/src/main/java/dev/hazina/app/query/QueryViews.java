package dev.hazina.app.query;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferResult;
import dev.hazina.topology.Balances;

/** The JSON shapes of the query answers, built from the ledger's store values. Amounts are minor units. */
final class QueryViews {

    private QueryViews() {
    }

    record Limits(Long perTransferMax, Long dailyDebitMax, Long maxBalance, long overdraftLimit) {
    }

    record Account(String accountId, String type, String status, String currency, long balance, long held,
                   long available, long overdraftLimit, long overdraftUsed, Limits limits, long debitedToday,
                   long sequence, int transfersInFlight, String fundingAccount, String updatedAt) {
    }

    record Entry(long sequence, String transferId, String kind, String entryType, String direction, long amount,
                 long balanceAfter, String currency, String counterparty, String postedAt) {
    }

    record Statement(String accountId, int count, List<Entry> entries) {
    }

    record Outcome(String status, String reason, String detail, String decidedAt) {
    }

    /** A request as the ledger remembers it; {@code outcome} is null while its saga runs. */
    record Transfer(String requestId, String kind, String payer, String payee, long amount, long fee, String currency,
                    String requestedAt, String receivedAt, String state, Outcome outcome, String reference,
                    String reversedBy) {
    }

    static Account account(AccountState account, ZoneId zone, Instant now) {
        AccountLimits limits = account.getLimits();
        return new Account(account.getAccountId(), account.getType().name(), account.getStatus().name(),
            account.getCurrency(), account.getBalance(), account.getHeld(), Balances.available(account),
            limits.getOverdraftLimit(), Balances.overdraftUsed(account),
            new Limits(limits.getPerTransferMax(), limits.getDailyDebitMax(), limits.getMaxBalance(),
                limits.getOverdraftLimit()),
            Balances.debitedToday(account, zone, now), account.getSequence(), account.getInFlight(),
            account.getFundingAccount(), time(account.getUpdatedAt()));
    }

    /** The last {@code limit} entries of {@code entries}, newest first as a mini-statement reads. */
    static Statement statement(String accountId, List<LedgerEntry> entries, int limit) {
        List<Entry> newestFirst = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
            newestFirst.add(entry(entries.get(i)));
        }
        return new Statement(accountId, newestFirst.size(), newestFirst);
    }

    static Transfer transfer(TransferRecord record) {
        TransferResult result = record.getOutcome();
        Outcome outcome = result == null ? null : new Outcome(result.getStatus().name(),
            result.getReason() == null ? null : result.getReason().name(), result.getDetail(),
            time(result.getDecidedAt()));
        return new Transfer(record.getRequestId(), record.getKind().name(), record.getPayer(), record.getPayee(),
            record.getAmount(), record.getFee(), record.getCurrency(), time(record.getRequestedAt()),
            time(record.getReceivedAt()), result == null ? "IN_FLIGHT" : "DECIDED", outcome,
            record.getReference(), record.getReversedBy());
    }

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static Entry entry(LedgerEntry entry) {
        return new Entry(entry.getSequence(), entry.getTransferId(), entry.getKind().name(), entry.getEntryType().name(),
            entry.getDirection().name(), entry.getAmount(), entry.getBalanceAfter(), entry.getCurrency(),
            entry.getCounterparty(), time(entry.getPostedAt()));
    }
}
