package dev.hazina.reconciliation.journal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hazina.schemas.AuditCheckpoint;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.EntryType;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.journal.EntryHash;
import dev.hazina.schemas.journal.PartitionDigest;

/** A small chained ledger for the journal tests: entries hashed as the ledger hashes them, and their checkpoints. */
final class Journals {

    private final EntryHash hashes = new EntryHash();
    private final Map<String, LedgerEntry> heads = new HashMap<>();
    private final Map<Integer, Long> offsets = new HashMap<>();
    final List<Posted> entries = new ArrayList<>();

    /** Posts a transfer of {@code amount} from {@code payer} to {@code payee}, both on {@code partition}. */
    Journals transfer(int partition, String transferId, String payer, String payee, long amount) {
        post(partition, transferId, payer, payee, EntryDirection.DEBIT, amount);
        post(partition, transferId, payee, payer, EntryDirection.CREDIT, amount);
        return this;
    }

    private void post(int partition, String transferId, String account, String counterparty, EntryDirection direction,
                      long amount) {
        LedgerEntry head = heads.get(account);
        long balance = (head == null ? 0 : head.getBalanceAfter()) + (direction == EntryDirection.DEBIT ? -amount : amount);
        LedgerEntry entry = LedgerEntry.newBuilder().setAccountId(account)
            .setSequence(head == null ? 1 : head.getSequence() + 1).setTransferId(transferId).setKind(TransferKind.P2P)
            .setEntryType(EntryType.PRINCIPAL).setDirection(direction).setAmount(amount).setBalanceAfter(balance)
            .setCurrency("KES").setCounterparty(counterparty).setPostedAt(1_000L + entries.size()).build();
        entry.setHash(ByteBuffer.wrap(hashes.of(head == null ? null : head.getHash(), entry)));
        heads.put(account, entry);
        long offset = offsets.merge(partition, 2L, Long::sum); // transactional writes leave gaps for commit markers
        entries.add(new Posted(partition, offset, entry));
    }

    /** Checkpoints sealing {@code partition}'s entries in windows of {@code size}, as the stream would. */
    List<AuditCheckpoint> checkpoints(int partition, int size) {
        List<Posted> mine = entries.stream().filter(p -> p.partition() == partition).toList();
        List<AuditCheckpoint> checkpoints = new ArrayList<>();
        String previous = null;
        for (int from = 0; from < mine.size(); from += size) {
            List<Posted> window = mine.subList(from, Math.min(mine.size(), from + size));
            PartitionDigest digest = new PartitionDigest(previous);
            window.forEach(p -> digest.add(p.entry()));
            checkpoints.add(AuditCheckpoint.newBuilder().setPartition(partition).setNumber(checkpoints.size() + 1)
                .setWindowStart(0).setWindowEnd(0).setFirstOffset(window.get(0).offset())
                .setLastOffset(window.get(window.size() - 1).offset()).setEntries(window.size())
                .setPreviousDigest(previous).setDigest(digest.hex()).build());
            previous = digest.hex();
        }
        return checkpoints;
    }

    /** A copy of the entries with entry {@code index} replaced by {@code replacement}. */
    List<Posted> with(int index, LedgerEntry replacement) {
        List<Posted> copy = new ArrayList<>(entries);
        Posted old = copy.get(index);
        copy.set(index, new Posted(old.partition(), old.offset(), replacement));
        return copy;
    }

    /** {@code entry} as an attacker leaves it after changing its amount and recomputing its own hash. */
    LedgerEntry rehashed(LedgerEntry altered, LedgerEntry previousOfAccount) {
        LedgerEntry copy = LedgerEntry.newBuilder(altered).build();
        copy.setHash(ByteBuffer.wrap(hashes.of(previousOfAccount == null ? null : previousOfAccount.getHash(), copy)));
        return copy;
    }
}
