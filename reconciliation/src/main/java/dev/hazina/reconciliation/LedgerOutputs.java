package dev.hazina.reconciliation;

import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import java.util.List;

/**
 * What the ledger was asked and what it wrote, as {@link LedgerChecker} checks it.
 *
 * <p>{@code entries} must keep each account's postings in the order they were read (one account
 * lives on one partition, so reading partitions in offset order does that); entries of different
 * accounts may interleave freely. {@code requests} may be empty when the submitted requests are not
 * known; retries may appear in it more than once.
 *
 * @param requests      the requests submitted to the ledger, or empty when unknown
 * @param results       the {@code hazina.transfer-results} values
 * @param entries       the {@code hazina.ledger-entries} values, in per-account order
 * @param legs          the ledger-internal saga legs
 * @param accountEvents the {@code hazina.account-events} values, which carry the account limits
 */
public record LedgerOutputs(
        List<TransferRequest> requests,
        List<TransferResult> results,
        List<LedgerEntry> entries,
        List<LedgerLeg> legs,
        List<AccountEvent> accountEvents) {

    public LedgerOutputs {
        requests = List.copyOf(requests);
        results = List.copyOf(results);
        entries = List.copyOf(entries);
        legs = List.copyOf(legs);
        accountEvents = List.copyOf(accountEvents);
    }

    /** Outputs with nothing in them. */
    public static LedgerOutputs empty() {
        return new LedgerOutputs(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public LedgerOutputs withRequests(List<TransferRequest> requests) {
        return new LedgerOutputs(requests, results, entries, legs, accountEvents);
    }

    public LedgerOutputs withResults(List<TransferResult> results) {
        return new LedgerOutputs(requests, results, entries, legs, accountEvents);
    }

    public LedgerOutputs withEntries(List<LedgerEntry> entries) {
        return new LedgerOutputs(requests, results, entries, legs, accountEvents);
    }

    public LedgerOutputs withLegs(List<LedgerLeg> legs) {
        return new LedgerOutputs(requests, results, entries, legs, accountEvents);
    }

    public LedgerOutputs withAccountEvents(List<AccountEvent> accountEvents) {
        return new LedgerOutputs(requests, results, entries, legs, accountEvents);
    }
}
