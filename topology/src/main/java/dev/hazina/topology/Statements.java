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

    /** Appends each entry to its account's statement, dropping the oldest beyond the size. */
    void append(List<LedgerEntry> entries) {
        for (LedgerEntry entry : entries) {
            String accountId = entry.getAccountId();
            if (SystemAccounts.isSystem(accountId)) {
                continue;
            }
            Statement statement = store.get(accountId);
            List<LedgerEntry> tail = new ArrayList<>(size);
            if (statement != null) {
                List<LedgerEntry> previous = statement.getEntries();
                tail.addAll(previous.subList(Math.max(0, previous.size() - size + 1), previous.size()));
            }
            tail.add(entry);
            store.put(accountId, new Statement(accountId, tail));
        }
    }
}
