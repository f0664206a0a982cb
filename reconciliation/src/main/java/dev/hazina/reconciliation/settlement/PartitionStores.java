package dev.hazina.reconciliation.settlement;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.Settlement;

/** The stores one partition keeps its parts of the windows in, shared by the collector and the follower. */
record PartitionStores(
    KeyValueStore<String, String> seen,
    KeyValueStore<String, Settlement> entries,
    KeyValueStore<String, Long> cursors) {

    static PartitionStores of(ProcessingContext context) {
        return new PartitionStores(context.getStateStore(SettlementStores.SEEN),
            context.getStateStore(SettlementStores.ENTRIES), context.getStateStore(SettlementStores.CURSORS));
    }
}
