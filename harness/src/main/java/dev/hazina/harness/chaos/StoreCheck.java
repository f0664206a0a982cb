package dev.hazina.harness.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.hazina.reconciliation.Violation;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.LedgerEntry;

/**
 * The chaos checker's comparison of the ledger's committed state with the {@link BalanceModel}:
 * <ul>
 *   <li>each account's balance in the accounts store (its changelog, last value per key, read
 *       committed) equals the model's ({@link BalanceModel#STORE_BALANCE})</li>
 *   <li>each account's last {@code balanceAfter} on the entries topic equals the model's
 *       ({@link BalanceModel#ENTRY_BALANCE})</li>
 *   <li>each account's sequence in the store equals the sequence of its last entry
 *       ({@link #STORE_SEQUENCE}): the store and the entries agree on how many postings there were</li>
 * </ul>
 * Pure: the caller reads the topics.
 */
public final class StoreCheck {

    /** Invariant name: the store's posting count for an account differs from the entries topic's. */
    public static final String STORE_SEQUENCE = "STORE_SEQUENCE";

    private StoreCheck() {
    }

    /**
     * @param model         the expected balances
     * @param store         the accounts store, by account id
     * @param entries       the ledger entries, in per-account order
     * @param entryBalances each account's last {@code balanceAfter} (the checker's final balances)
     */
    public static List<Violation> check(BalanceModel model, Map<String, AccountState> store, List<LedgerEntry> entries,
                                        Map<String, Long> entryBalances) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Long> storeBalances = new HashMap<>(store.size() * 2);
        store.forEach((account, state) -> storeBalances.put(account, state.getBalance()));
        violations.addAll(model.compare(storeBalances, BalanceModel.STORE_BALANCE,
            "the accounts store (changelog, read_committed)"));
        violations.addAll(model.compare(entryBalances, BalanceModel.ENTRY_BALANCE,
            "the ledger entries (last balanceAfter)"));

        Map<String, Long> lastSequence = new HashMap<>(store.size() * 2);
        for (LedgerEntry entry : entries) {
            lastSequence.merge(entry.getAccountId(), entry.getSequence(), Math::max);
        }
        TreeSet<String> accounts = new TreeSet<>(store.keySet());
        accounts.addAll(lastSequence.keySet());
        for (String account : accounts) {
            AccountState state = store.get(account);
            long stored = state == null ? 0 : state.getSequence();
            long posted = lastSequence.getOrDefault(account, 0L);
            if (stored != posted) {
                violations.add(new Violation(STORE_SEQUENCE, account, "the accounts store is at sequence " + stored
                    + " but the last ledger entry has sequence " + posted));
            }
        }
        return violations;
    }
}
