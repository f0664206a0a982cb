package dev.hazina.topology;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.LegType;
import dev.hazina.schemas.TransferKind;

/**
 * Step one of a debit-then-credit saga, shared by every path that starts one: a plain transfer, a
 * CAPTURE, and a debit whose top-up has just landed.
 */
final class Saga {

    private Saga() {
    }

    /**
     * Adds step one's postings to {@code plan}: DEBIT the payer the principal and the fee, CREDIT the
     * fee to this partition's fee shard, move the commission (CASH_OUT) from the fee shard into
     * transit, and CREDIT the principal to transit. {@code fees} and {@code transit} must be the same
     * objects as any other line of the plan uses for those shards.
     */
    static PostingPlan debitLines(PostingPlan plan, AccountState payer, AccountState fees, AccountState transit,
                                  String payee, long amount, long fee, long commission) {
        return plan
            .debit(payer, amount, EntryType.PRINCIPAL, payee)
            .debit(payer, fee, EntryType.FEE, fees.getAccountId())
            .credit(fees, fee, EntryType.FEE, payer.getAccountId())
            .debit(fees, commission, EntryType.COMMISSION, transit.getAccountId())
            .credit(transit, commission, EntryType.COMMISSION, fees.getAccountId())
            .credit(transit, amount, EntryType.TRANSIT, payer.getAccountId());
    }

    /** A leg of saga {@code requestId}: the principal (and any commission and fee) it carries between partitions. */
    static LedgerLeg.Builder leg(LegType type, String requestId, TransferKind kind, String payer, String payee,
                                 long amount, String currency, long requestedAt, long now) {
        return LedgerLeg.newBuilder()
            .setRequestId(requestId)
            .setLegType(type)
            .setKind(kind)
            .setPayer(payer)
            .setPayee(payee)
            .setAmount(amount)
            .setCurrency(currency)
            .setRequestedAt(requestedAt)
            .setSentAt(now);
    }
}
