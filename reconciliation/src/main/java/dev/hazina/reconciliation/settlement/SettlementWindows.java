package dev.hazina.reconciliation.settlement;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.HazinaSchemas;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.SettlementBatch;
import dev.hazina.schemas.SettlementCommand;
import dev.hazina.schemas.SettlementWindow;
import dev.hazina.schemas.serde.SchemaRegistrar;

/**
 * The settlement windows sub-topology. Per currency, windows go OPEN, CLOSED, PENDING_SETTLEMENT,
 * then SETTLED or ABORTED (see docs/settlement.md).
 *
 * <pre>
 * settlements ------> settlement-collector ----------+ (a currency's first settlement: OPEN report)
 * window-changes ---> window-change-follower --------+--> window-parts (keyed by currency)
 *   (every partition)                  +--> settlement-batches (keyed by party)
 * settlement-commands -> settlement-command-processor --+--> settlement-windows (compacted)
 * window-parts ------> window-part-processor -----------+--> window-changes (to every partition)
 *                      (wall-clock schedule in the command processor)   dead-letters (rejections)
 * </pre>
 *
 * The coordinator (command and part processors) is keyed by currency, so one task decides every
 * change of a currency's windows in one order; each decision reaches every partition through the
 * window changes topic, where it cuts the partition's settlements consistently.
 */
public final class SettlementWindows {

    public static final String SETTLEMENTS_SOURCE = "settlements-source";
    public static final String CHANGES_SOURCE = "settlement-window-changes-source";
    public static final String COMMANDS_SOURCE = "settlement-commands-source";
    public static final String PARTS_SOURCE = "settlement-window-parts-source";

    public static final String COLLECTOR = "settlement-collector";
    public static final String FOLLOWER = "window-change-follower";
    public static final String COMMAND_PROCESSOR = "settlement-command-processor";
    public static final String PART_PROCESSOR = "window-part-processor";

    public static final String BATCHES_SINK = "settlement-batches-sink";
    public static final String PARTS_SINK = "settlement-window-parts-sink";
    public static final String WINDOWS_SINK = "settlement-windows-sink";
    public static final String CHANGES_SINK = "settlement-window-changes-sink";
    public static final String DEAD_LETTERS_SINK = "settlement-dead-letters-sink";

    private SettlementWindows() {
    }

    /** A topology of the settlement windows alone, as the tests drive it. */
    public static Topology build(SettlementConfig config) {
        return addTo(new Topology(), config);
    }

    /** Adds the settlement windows to {@code topology} (also one built by a StreamsBuilder) and returns it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Topology addTo(Topology topology, SettlementConfig config) {
        SettlementTopics topics = SettlementTopics.from(config);
        StringDeserializer strings = new StringDeserializer();
        StringSerializer stringKeys = new StringSerializer();

        topology.addSource(SETTLEMENTS_SOURCE, strings, topics.settlementSerde().deserializer(), topics.settlements());
        topology.addSource(CHANGES_SOURCE, strings, topics.windowSerde().deserializer(), topics.changes());
        topology.addSource(COMMANDS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.commands());
        topology.addSource(PARTS_SOURCE, strings, topics.windowSerde().deserializer(), topics.parts());

        topology.addProcessor(COLLECTOR, SettlementCollector::new, SETTLEMENTS_SOURCE);
        topology.addProcessor(FOLLOWER, WindowChangeFollower::new, CHANGES_SOURCE);
        topology.addProcessor(COMMAND_PROCESSOR, () -> new SettlementCommandProcessor(config, topics), COMMANDS_SOURCE);
        topology.addProcessor(PART_PROCESSOR, () -> new WindowPartProcessor(config), PARTS_SOURCE);

        topology.addStateStore(SettlementStores.seen(), COLLECTOR, FOLLOWER);
        topology.addStateStore(SettlementStores.entries(topics), COLLECTOR, FOLLOWER);
        topology.addStateStore(SettlementStores.cursors(), COLLECTOR, FOLLOWER);
        topology.addStateStore(SettlementStores.windows(topics), COMMAND_PROCESSOR, PART_PROCESSOR);

        Serializer windows = topics.windowSerde().serializer();
        topology.addSink(BATCHES_SINK, topics.batches(), stringKeys, (Serializer) topics.batchSerde().serializer(), FOLLOWER);
        topology.addSink(PARTS_SINK, topics.parts(), stringKeys, windows, COLLECTOR, FOLLOWER);
        topology.addSink(WINDOWS_SINK, topics.windows(), (Serializer) stringKeys, windows, COMMAND_PROCESSOR, PART_PROCESSOR);
        topology.addSink(CHANGES_SINK, topics.changes(), (Serializer) stringKeys, windows, new EveryPartition(),
            COMMAND_PROCESSOR, PART_PROCESSOR);
        topology.addSink(DEAD_LETTERS_SINK, topics.deadLetters(), (Serializer) new ByteArraySerializer(),
            (Serializer) topics.deadLetterSerde().serializer(), COMMAND_PROCESSOR);
        return topology;
    }

    /** Every registry subject the settlement windows write or read, with auto-registration off registered first. */
    public static Map<String, Schema> subjects(SettlementConfig config, String applicationId) {
        SettlementTopics topics = SettlementTopics.from(config);
        Map<String, Schema> subjects = new LinkedHashMap<>();
        value(subjects, topics.settlements(), Settlement.getClassSchema());
        value(subjects, topics.commands(), SettlementCommand.getClassSchema());
        value(subjects, topics.batches(), SettlementBatch.getClassSchema());
        value(subjects, topics.windows(), SettlementWindow.getClassSchema());
        value(subjects, topics.changes(), SettlementWindow.getClassSchema());
        value(subjects, topics.parts(), SettlementWindow.getClassSchema());
        value(subjects, topics.deadLetters(), DeadLetter.getClassSchema());
        value(subjects, applicationId + "-" + SettlementStores.ENTRIES + "-changelog", Settlement.getClassSchema());
        value(subjects, applicationId + "-" + SettlementStores.WINDOWS + "-changelog", SettlementWindow.getClassSchema());
        return subjects;
    }

    private static void value(Map<String, Schema> subjects, String topic, Schema schema) {
        subjects.put(SchemaRegistrar.subject(topic, false), HazinaSchemas.plain(schema));
    }
}
