package dev.hazina.reconciliation.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

class SettlementWindowsDescriptionTest {

    private static final SettlementConfig CONFIG = new SettlementConfig(Map.of());

    @Test
    void shouldKeepEachPartitionsPartApartFromTheCurrencyCoordinator() {
        // When
        List<Set<String>> subtopologies = nodeNames(SettlementWindows.build(CONFIG));

        // Then: the partition side reads settlements and window changes together; the coordinator commands and parts
        assertThat(subtopologies).hasSize(2);
        assertThat(subtopologies).anySatisfy(nodes -> assertThat(nodes).contains(SettlementWindows.SETTLEMENTS_SOURCE,
            SettlementWindows.CHANGES_SOURCE, SettlementWindows.COLLECTOR, SettlementWindows.FOLLOWER,
            SettlementWindows.BATCHES_SINK).doesNotContain(SettlementWindows.COMMAND_PROCESSOR));
        assertThat(subtopologies).anySatisfy(nodes -> assertThat(nodes).contains(SettlementWindows.COMMANDS_SOURCE,
            SettlementWindows.PARTS_SOURCE, SettlementWindows.COMMAND_PROCESSOR, SettlementWindows.PART_PROCESSOR,
            SettlementWindows.WINDOWS_SINK, SettlementWindows.CHANGES_SINK).doesNotContain(SettlementWindows.COLLECTOR));
    }

    @Test
    void shouldAddToATopologyThatAStreamsBuilderBuilt() {
        // Given: another application's DSL part, with every name explicit
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("hazina.ledger-entries", Consumed.with(Serdes.String(), Serdes.String()).withName("entries-source"))
            .to("hazina.reconciliation-alerts", Produced.with(Serdes.String(), Serdes.String()).withName("alerts-sink"));

        // When
        Topology topology = SettlementWindows.addTo(builder.build(), CONFIG);

        // Then
        assertThat(nodeNames(topology)).hasSize(3);
        assertThat(topology.describe().toString()).contains(SettlementWindows.COLLECTOR, "entries-source");
    }

    private static List<Set<String>> nodeNames(Topology topology) {
        return topology.describe().subtopologies().stream()
            .map(sub -> {
                Set<String> names = new TreeSet<>();
                sub.nodes().forEach(node -> names.add(node.name()));
                return names;
            })
            .toList();
    }
}
