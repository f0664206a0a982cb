package dev.hazina.reconciliation.settlement;

import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.SettlementBatch;
import dev.hazina.schemas.SettlementCommand;
import dev.hazina.schemas.SettlementWindow;
import dev.hazina.schemas.serde.AvroSerde;

/**
 * Every topic the settlement windows read or write, with the serdes of their values (keys are
 * strings). The one place their names are resolved from {@link SettlementConfig}.
 */
public record SettlementTopics(
    String settlements,
    String commands,
    String batches,
    String windows,
    String changes,
    String parts,
    String deadLetters,
    Serde<Settlement> settlementSerde,
    Serde<SettlementCommand> commandSerde,
    Serde<SettlementBatch> batchSerde,
    Serde<SettlementWindow> windowSerde,
    Serde<DeadLetter> deadLetterSerde) {

    public static SettlementTopics from(SettlementConfig config) {
        Map<String, Object> serde = config.serdeConfig();
        return new SettlementTopics(
            config.getString(SettlementConfig.SETTLEMENTS_TOPIC_CONFIG),
            config.getString(SettlementConfig.COMMANDS_TOPIC_CONFIG),
            config.getString(SettlementConfig.BATCHES_TOPIC_CONFIG),
            config.getString(SettlementConfig.WINDOWS_TOPIC_CONFIG),
            config.changesTopic(),
            config.partsTopic(),
            config.getString(SettlementConfig.DEAD_LETTERS_TOPIC_CONFIG),
            values(Settlement.class, serde), values(SettlementCommand.class, serde), values(SettlementBatch.class, serde),
            values(SettlementWindow.class, serde), values(DeadLetter.class, serde));
    }

    /**
     * Topics that must have the settlements topic's partition count: the window changes (read beside
     * the settlements by the same tasks), the commands and the parts (read together by the coordinator).
     */
    public List<String> coPartitioned() {
        return List.of(settlements, changes, commands, parts);
    }

    /** The topics this sub-topology owns (creates); {@link #windows} is compacted. */
    public List<String> owned() {
        return List.of(commands, batches, windows, changes, parts);
    }

    private static <V extends SpecificRecord> Serde<V> values(Class<V> type, Map<String, Object> serde) {
        return AvroSerde.forValues(type, serde);
    }
}
