package dev.hazina.reconciliation.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.schemas.AuditCheckpoint;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.schemas.serde.AvroSerdeConfig;

class AuditCheckpointsTest {

    private static final String ENTRIES = "hazina.ledger-entries";
    private static final Duration WINDOW = Duration.ofMinutes(1);

    @TempDir
    Path stateDir;
    private Map<String, Object> serdeConfig;
    private Journals ledger;

    @BeforeEach
    void setUp() {
        serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://audit-" + UUID.randomUUID(),
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true);
        ledger = new Journals();
        for (int i = 0; i < 5; i++) {
            ledger.transfer(0, "t-" + i, "alice", "bob", 10 + i);
        }
    }

    @Test
    void shouldSealEachWindowSoTheVerifierAcceptsTheEntriesAndCatchesAnAlteredOne() {
        // Given
        List<AuditCheckpoint> checkpoints;
        try (Run run = new Run()) {
            // When: 6 entries, a window passes, 4 more, a window passes, then a quiet window
            run.pipe(0, 6);
            run.driver.advanceWallClockTime(WINDOW);
            run.pipe(6, 10);
            run.driver.advanceWallClockTime(WINDOW);
            run.driver.advanceWallClockTime(WINDOW);
            checkpoints = run.checkpoints.readValuesToList();
        }

        // Then: two checkpoints, chained, numbered, covering the driver's offsets 0-5 and 6-9
        assertThat(checkpoints).extracting(AuditCheckpoint::getNumber).containsExactly(1L, 2L);
        assertThat(checkpoints).extracting(AuditCheckpoint::getEntries).containsExactly(6L, 4L);
        assertThat(checkpoints.get(0).getFirstOffset()).isZero();
        assertThat(checkpoints.get(1).getLastOffset()).isEqualTo(9);
        assertThat(checkpoints.get(1).getPreviousDigest().toString()).isEqualTo(checkpoints.get(0).getDigest().toString());
        List<Posted> asWritten = driverOffsets(ledger.entries);
        assertThat(JournalVerifier.verify(asWritten, checkpoints).mismatches()).isEmpty();
        LedgerEntry altered = LedgerEntry.newBuilder(asWritten.get(7).entry()).setCounterparty("mallory").build();
        List<Posted> tampered = new ArrayList<>(asWritten);
        tampered.set(7, new Posted(0, 7, altered));
        assertThat(JournalVerifier.verify(tampered, checkpoints).mismatches()).isNotEmpty();
    }

    @Test
    void shouldContinueTheOpenWindowAfterARestart() {
        // Given: a processor that took 6 entries, then closed, and a new one on the same store
        MockProcessorContext<String, AuditCheckpoint> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(0);
        KeyValueStore<Integer, AuditCheckpoint> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(AuditCheckpoints.STORE), Serdes.Integer(),
                AvroSerde.forValues(AuditCheckpoint.class, serdeConfig))
            .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        AuditCheckpointProcessor before = new AuditCheckpointProcessor(WINDOW);
        before.init(context);
        feed(context, before, 0, 6);
        before.close();
        AuditCheckpointProcessor after = new AuditCheckpointProcessor(WINDOW);
        int punctuatorsBefore = context.scheduledPunctuators().size();
        after.init(context);

        // When
        feed(context, after, 6, 10);
        context.scheduledPunctuators().get(punctuatorsBefore).getPunctuator().punctuate(WINDOW.toMillis());

        // Then: one checkpoint over all 10, which verifies
        List<AuditCheckpoint> checkpoints = context.forwarded().stream()
            .map(f -> (AuditCheckpoint) f.record().value()).toList();
        assertThat(checkpoints).singleElement().satisfies(c -> {
            assertThat(c.getEntries()).isEqualTo(10);
            assertThat(c.getFirstOffset()).isEqualTo(100);
            assertThat(c.getLastOffset()).isEqualTo(109);
        });
        List<Posted> asWritten = IntStream.range(0, 10)
            .mapToObj(i -> new Posted(0, 100 + i, ledger.entries.get(i).entry())).toList();
        assertThat(JournalVerifier.verify(asWritten, checkpoints).mismatches()).isEmpty();
    }

    private void feed(MockProcessorContext<String, AuditCheckpoint> context, AuditCheckpointProcessor processor,
                      int from, int to) {
        for (int i = from; i < to; i++) {
            context.setRecordMetadata(ENTRIES, 0, 100 + i);
            LedgerEntry entry = ledger.entries.get(i).entry();
            processor.process(new Record<>(entry.getAccountId(), entry, 0L));
        }
    }

    /** The entries at the offsets a fresh driver gives them: 0, 1, 2... */
    private static List<Posted> driverOffsets(List<Posted> entries) {
        return IntStream.range(0, entries.size()).mapToObj(i -> new Posted(0, i, entries.get(i).entry())).toList();
    }

    /** The checkpoint part alone under a TopologyTestDriver on the test's state directory. */
    private final class Run implements AutoCloseable {

        final TopologyTestDriver driver;
        final TestInputTopic<String, LedgerEntry> entries;
        final TestOutputTopic<String, AuditCheckpoint> checkpoints;

        Run() {
            AvroSerde<LedgerEntry> entrySerde = AvroSerde.forValues(LedgerEntry.class, serdeConfig);
            AvroSerde<AuditCheckpoint> checkpointSerde = AvroSerde.forValues(AuditCheckpoint.class, serdeConfig);
            StreamsBuilder builder = new StreamsBuilder();
            AuditCheckpoints.addTo(builder, builder.stream(ENTRIES, Consumed.with(Serdes.String(), entrySerde)), WINDOW,
                AuditCheckpoints.DEFAULT_TOPIC, checkpointSerde);
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "audit-test");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            driver = new TopologyTestDriver(builder.build(), props, Instant.parse("2026-12-07T08:00:00Z"));
            entries = driver.createInputTopic(ENTRIES, Serdes.String().serializer(), entrySerde.serializer());
            checkpoints = driver.createOutputTopic(AuditCheckpoints.DEFAULT_TOPIC, Serdes.String().deserializer(),
                checkpointSerde.deserializer());
        }

        void pipe(int from, int to) {
            ledger.entries.subList(from, to).forEach(p -> entries.pipeInput(p.entry().getAccountId(), p.entry()));
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
