package dev.hazina.topology;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.journal.EntryHash;

/**
 * The postings of one ledger step, planned before anything is written. {@link #fits()} checks
 * that no balance would overflow; {@link #apply} then moves the money, numbers each posting and
 * refuses (with a {@link LedgerException}) a plan whose debits and credits differ or with a debit
 * that would take an account below its overdraft floor. Each entry carries its {@link EntryHash},
 * chained to the account's previous entry through {@code AccountState.entryHash}. Credits are never refused: an account left
 * below a floor that was lowered under it may always be paid back into.
 *
 * <p>A credit to a customer-side account whose balance is negative repays the overdraft first, and
 * says so: it is posted as an {@code OVERDRAFT_REPAYMENT} entry up to zero, then the rest as the
 * line's own entry type.
 */
final class PostingPlan {

    private record Line(AccountState account, EntryDirection direction, long amount, EntryType type,
                        String counterparty) {
    }

    /** Chains each entry to its account's previous one (the tamper-evident journal). */
    private static final ThreadLocal<EntryHash> ENTRY_HASH = ThreadLocal.withInitial(EntryHash::new);

    private final List<Line> lines = new ArrayList<>();

    PostingPlan debit(AccountState account, long amount, EntryType type, String counterparty) {
        return add(account, EntryDirection.DEBIT, amount, type, counterparty);
    }

    PostingPlan credit(AccountState account, long amount, EntryType type, String counterparty) {
        return add(account, EntryDirection.CREDIT, amount, type, counterparty);
    }

    private PostingPlan add(AccountState account, EntryDirection direction, long amount, EntryType type,
                            String counterparty) {
        if (amount < 0) {
            throw new LedgerException("negative posting of " + amount + " to " + account.getAccountId());
        }
        if (amount > 0) {
            lines.add(new Line(account, direction, amount, type, counterparty));
        }
        return this;
    }

    /** True when every balance stays within the ledger's range ({@link Amounts#inRange}). */
    boolean fits() {
        Map<AccountState, Long> balances = new IdentityHashMap<>();
        try {
            for (Line line : lines) {
                long before = balances.getOrDefault(line.account(), line.account().getBalance());
                long after = apply(before, line);
                if (!Amounts.inRange(after)) {
                    return false;
                }
                balances.put(line.account(), after);
            }
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /** Posts every line to its account and returns the entries, in order. */
    List<LedgerEntry> apply(String transferId, TransferKind kind, long postedAt) {
        long debits = 0;
        long credits = 0;
        List<LedgerEntry> entries = new ArrayList<>(lines.size());
        for (Line line : lines) {
            AccountState account = line.account();
            String id = account.getAccountId();
            if (line.direction() == EntryDirection.DEBIT) {
                debits = Math.addExact(debits, line.amount());
                entries.add(post(line, line.amount(), line.type(), transferId, kind, postedAt));
                long floor = -account.getLimits().getOverdraftLimit();
                if (!SystemAccounts.mayGoNegative(id) && account.getBalance() < floor) {
                    throw new LedgerException("posting " + transferId + " would take " + id + " to "
                        + account.getBalance() + ", below its floor of " + floor);
                }
            } else {
                credits = Math.addExact(credits, line.amount());
                long repayment = SystemAccounts.isSystem(id) ? 0 : Math.min(line.amount(), Math.max(0, -account.getBalance()));
                if (repayment > 0) {
                    entries.add(post(line, repayment, EntryType.OVERDRAFT_REPAYMENT, transferId, kind, postedAt));
                }
                if (line.amount() > repayment) {
                    entries.add(post(line, line.amount() - repayment, line.type(), transferId, kind, postedAt));
                }
            }
        }
        if (debits != credits) {
            throw new LedgerException("unbalanced postings for " + transferId + ": debits " + debits
                + " != credits " + credits);
        }
        return entries;
    }

    /** Moves {@code amount} of {@code line} and returns its numbered entry. */
    private static LedgerEntry post(Line line, long amount, EntryType type, String transferId, TransferKind kind,
                                    long postedAt) {
        AccountState account = line.account();
        long balance = line.direction() == EntryDirection.DEBIT
            ? Math.subtractExact(account.getBalance(), amount)
            : Math.addExact(account.getBalance(), amount);
        account.setBalance(balance);
        account.setSequence(account.getSequence() + 1);
        account.setUpdatedAt(postedAt);
        LedgerEntry entry = LedgerEntry.newBuilder()
            .setAccountId(account.getAccountId())
            .setSequence(account.getSequence())
            .setTransferId(transferId)
            .setKind(kind)
            .setEntryType(type)
            .setDirection(line.direction())
            .setAmount(amount)
            .setBalanceAfter(balance)
            .setCurrency(account.getCurrency())
            .setCounterparty(line.counterparty())
            .setPostedAt(postedAt)
            .setAccountType(account.getType())
            .build();
        byte[] hash = ENTRY_HASH.get().of(account.getEntryHash(), entry);
        entry.setHash(ByteBuffer.wrap(hash));
        account.setEntryHash(ByteBuffer.wrap(hash));
        return entry;
    }

    /** True when no line is planned. */
    boolean isEmpty() {
        return lines.isEmpty();
    }

    /** The distinct accounts touched, in first-touched order. */
    List<AccountState> accounts() {
        List<AccountState> distinct = new ArrayList<>();
        for (Line line : lines) {
            if (distinct.stream().noneMatch(account -> account == line.account())) {
                distinct.add(line.account());
            }
        }
        return distinct;
    }

    private static long apply(long balance, Line line) {
        return line.direction() == EntryDirection.DEBIT
            ? Math.subtractExact(balance, line.amount())
            : Math.addExact(balance, line.amount());
    }
}
