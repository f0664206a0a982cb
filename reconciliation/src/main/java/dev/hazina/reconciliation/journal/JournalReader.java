package dev.hazina.reconciliation.journal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;

import dev.hazina.reconciliation.OutputReader;
import dev.hazina.schemas.AuditCheckpoint;
import dev.hazina.schemas.LedgerEntry;

/**
 * Reads the ledger entries and the audit checkpoints, read_committed, up to their end offsets as of
 * now, and verifies them. An entry that cannot be read is the ledger's own data: the read stops
 * loudly rather than skip it.
 */
public final class JournalReader {

    private JournalReader() {
    }

    public static JournalReport verify(Map<String, Object> clientConfig, String entriesTopic, String checkpointsTopic,
                                       Deserializer<LedgerEntry> entries, Deserializer<AuditCheckpoint> checkpoints,
                                       Duration timeout) {
        List<Posted> posted = new ArrayList<>();
        OutputReader.readRecords(clientConfig, entriesTopic, timeout, record -> {
            if (record.value() == null) {
                throw new IllegalStateException("a null record at offset " + record.offset() + " of " + entriesTopic
                    + "-" + record.partition());
            }
            posted.add(new Posted(record.partition(), record.offset(),
                entries.deserialize(record.topic(), record.headers(), record.value())));
        });
        List<AuditCheckpoint> seals = OutputReader.readValues(clientConfig, checkpointsTopic, checkpoints, timeout);
        return JournalVerifier.verify(posted, seals);
    }
}
