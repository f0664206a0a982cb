package dev.hazina.reconciliation.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import dev.hazina.reconciliation.settlement.SettlementWindows;
import dev.hazina.schemas.ReconciliationAlert;

class ReconciliationStatusTest {

    @Test
    void shouldReportOpenAlertsThroughTheMetersUntilTheyClear() {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OpenAlerts alerts = new OpenAlerts().bindTo(registry);

        // When
        alerts.raised(Check.STUCK_SAGA, "req-1/CREDIT");
        alerts.raised(Check.STUCK_SAGA, "req-2/CREDIT");
        alerts.cleared(Check.STUCK_SAGA, "req-1/CREDIT");

        // Then
        assertThat(registry.get(OpenAlerts.OPEN_ALERTS).tag("check", "stuck-saga").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get(OpenAlerts.OPEN_ALERTS).tag("check", "conservation").gauge().value()).isZero();
        assertThat(registry.get(OpenAlerts.STATUS).gauge().value()).isEqualTo(1.0);
        assertThat(registry.get(OpenAlerts.ALERTS).tag("check", "stuck-saga").tag("status", "RAISED").counter().count())
            .isEqualTo(2.0);
        assertThat(alerts.status().toString()).startsWith("ALERT (open: ").contains("stuck-saga=1");

        // When
        alerts.cleared(Check.STUCK_SAGA, "req-2/CREDIT");

        // Then
        assertThat(registry.get(OpenAlerts.STATUS).gauge().value()).isZero();
        assertThat(alerts.status().state()).isEqualTo(ReconciliationStatus.State.OK);
        assertThat(alerts.status().cleared()).isEqualTo(2);
    }

    @Test
    void shouldRestoreTheOpenAlertsOfATaskAndReleaseThemWhenItCloses() {
        // Given: a task whose open-alerts store says one stuck saga is open (as after a restart)
        ReconciliationConfig config = new ReconciliationConfig(Map.of());
        MockProcessorContext<String, ReconciliationAlert> context = new MockProcessorContext<>();
        KeyValueStore<String, Long> open = inMemory(ReconciliationStores.openStore(Check.STUCK_SAGA), Serdes.Long(), context);
        inMemory(ReconciliationStores.SAGA_WATCHES, SagaWatch.SERDE, context);
        open.put("req-7/CREDIT", 1L);
        OpenAlerts alerts = new OpenAlerts();
        StuckSagaProcessor processor = new StuckSagaProcessor(config, alerts);

        // When
        processor.init(context);

        // Then
        assertThat(alerts.status().openByCheck()).containsEntry(Check.STUCK_SAGA.id(), 1);
        assertThat(alerts.status().state()).isEqualTo(ReconciliationStatus.State.ALERT);

        // When: the task moves away
        processor.close();

        // Then
        assertThat(alerts.status().state()).isEqualTo(ReconciliationStatus.State.OK);
    }

    private static <V> KeyValueStore<String, V> inMemory(String name, Serde<V> serde,
                                                         MockProcessorContext<String, ReconciliationAlert> context) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
            .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    @Test
    void shouldAddTheExtraSubTopologiesToTheSameApplication() {
        // Given
        ReconciliationConfig config = new ReconciliationConfig(Map.of(
            ReconciliationConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://reconciliation-extras"));
        Consumer<StreamsBuilder> settlement = builder -> builder
            .stream("hazina.other", Consumed.with(Serdes.String(), Serdes.String()).withName("other-source"))
            .foreach((key, value) -> { }, Named.as("other-sub-topology"));

        int alone = ReconciliationTopology.build(config, new OpenAlerts()).describe().subtopologies().size();

        // When
        TopologyDescription description = ReconciliationTopology.build(config, new OpenAlerts(), List.of(settlement)).describe();

        // Then
        assertThat(description.subtopologies()).hasSize(alone + 1);
        assertThat(description.toString()).contains("other-sub-topology", ReconciliationTopology.STUCK_SAGA_PROCESSOR,
            SettlementWindows.COLLECTOR, "audit-checkpoints");
    }
}
