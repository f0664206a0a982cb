package dev.hazina.reconciliation.journal;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import dev.hazina.schemas.AuditCheckpoint;
import dev.hazina.schemas.LedgerEntry;

/** The reconciliation stream's part that seals the ledger entries: one {@link AuditCheckpoint} per partition and window. */
public final class AuditCheckpoints {

    public static final String DEFAULT_TOPIC = "hazina.audit-checkpoints";
    public static final String STORE = "audit-open-windows";
    static final String PROCESSOR = "audit-checkpoints";

    private AuditCheckpoints() {
    }

    /**
     * Seals {@code entries}, which must be the ledger-entries topic as read (no repartition: a
     * checkpoint names the source partition and offsets), to {@code topic} every {@code window}.
     */
    public static void addTo(StreamsBuilder builder, KStream<String, LedgerEntry> entries, Duration window, String topic,
                             Serde<AuditCheckpoint> serde) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Integer(), serde));
        entries.process(() -> new AuditCheckpointProcessor(window), Named.as(PROCESSOR), STORE)
            .to(topic, Produced.with(Serdes.String(), serde));
    }
}
