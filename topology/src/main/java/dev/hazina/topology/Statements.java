package dev.hazina.topology;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.Statement;

/**
 * Keeps each customer, merchant and agent account's mini-statement: its last {@code size} entries,
 * oldest first, written in the same transaction as the entries themselves, so the statement a
 * query reads always equals the tail of the account's entries. System accounts keep none: their
 * postings are the sum of everyone else's and nobody asks for their last ten.
 */
final class Statements {

    private final KeyValueStore<String, Statement> store;
    private final int size;

    Statements(KeyValueStore<String, Statement> store, int size) {
        this.store = store;
        this.size = size;
    }

    /**
     * Appends each entry to its account's statement, dropping the oldest beyond the size. A run of
     * entries to one account (a debit and its fee) costs one read and one write.
     */
    void append(List<LedgerEntry> entries) {
        int from = 0;
        while (from < entries.size()) {
            String accountId = entries.get(from).getAccountId();
            int to = from + 1;
            while (to < entries.size() && entries.get(to).getAccountId().equals(accountId)) {
                to++;
            }
            if (!SystemAccounts.isSystem(accountId)) {
                append(accountId, entries.subList(from, to));
            }
            from = to;
        }
    }

    private void append(String accountId, List<LedgerEntry> run) {
        Statement statement = store.get(accountId);
        List<LedgerEntry> tail = new ArrayList<>(size + run.size());
        if (statement != null) {
            tail.addAll(statement.getEntries());
        }
        tail.addAll(run);
        tail.subList(0, Math.max(0, tail.size() - size)).clear();
        store.put(accountId, new Statement(accountId, tail));
    }
}
