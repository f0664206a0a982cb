package dev.hazina.reconciliation.journal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.hazina.schemas.AuditCheckpoint;

/**
 * Verifies the tamper-evident journal: every account's hash chain ({@link ChainCheck}), then every
 * partition against its audit checkpoints ({@link CheckpointCheck}). A chain break names the entry
 * itself; a checkpoint mismatch names the range it sealed, for an entry whose hash was recomputed
 * after tampering passes the chain and only the checkpoint shows it. Chain breaks come first in the
 * report, being the more precise.
 */
public final class JournalVerifier {

    private JournalVerifier() {
    }

    /** {@code entries} in offset order within each partition; {@code checkpoints} in any order. */
    public static JournalReport verify(List<Posted> entries, List<AuditCheckpoint> checkpoints) {
        ChainCheck chains = new ChainCheck();
        Map<Integer, List<Posted>> byPartition = new TreeMap<>();
        for (Posted posted : entries) {
            chains.add(posted);
            byPartition.computeIfAbsent(posted.partition(), p -> new ArrayList<>()).add(posted);
        }
        Map<Integer, List<AuditCheckpoint>> sealsByPartition = checkpoints.stream()
            .collect(Collectors.groupingBy(AuditCheckpoint::getPartition, TreeMap::new, Collectors.toList()));
        sealsByPartition.keySet().forEach(partition -> byPartition.computeIfAbsent(partition, p -> new ArrayList<>()));

        List<Mismatch> mismatches = new ArrayList<>(chains.breaks());
        mismatches.sort(Comparator.comparingInt((Mismatch m) -> m.at().partition()).thenComparingLong(m -> m.at().offset()));
        int sealedCheckpoints = 0;
        long sealed = 0;
        long unsealed = 0;
        for (Map.Entry<Integer, List<Posted>> partition : byPartition.entrySet()) {
            CheckpointCheck.Result result = CheckpointCheck.check(partition.getKey(), partition.getValue(),
                sealsByPartition.getOrDefault(partition.getKey(), List.of()));
            if (result.mismatch() != null) {
                mismatches.add(result.mismatch());
            }
            sealedCheckpoints += result.checkpoints();
            sealed += result.sealed();
            unsealed += result.unsealed();
        }
        return new JournalReport(entries.size(), chains.accounts(), chains.unchained(), sealedCheckpoints, sealed, unsealed,
            mismatches);
    }
}
