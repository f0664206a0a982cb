package dev.hazina.reconciliation.stream;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The reconciliation stream's state stores, all persistent and changelogged under its application.id. */
public final class ReconciliationStores {

    public static final String CHAINS = "reconciliation-account-chains";
    public static final String TRANSFER_TALLIES = "reconciliation-transfer-tallies";
    public static final String CONSERVATION_WINDOWS = "reconciliation-conservation-windows";
    public static final String SAGA_WATCHES = "reconciliation-saga-watches";
    public static final String HOLD_WATCHES = "reconciliation-hold-watches";
    /** The hold watches by when each is due ({@link HoldWatch#dueKey}), so a sweep reads only what is due. */
    public static final String HOLD_DUE = "reconciliation-hold-due";

    private ReconciliationStores() {
    }

    /** The open alerts of one check, subject to the time it was raised: what the live status restores. */
    public static String openStore(Check check) {
        return "reconciliation-open-" + check.id();
    }

    static StoreBuilder<KeyValueStore<String, Long>> open(Check check) {
        return store(openStore(check), Serdes.Long());
    }

    static StoreBuilder<KeyValueStore<String, ChainHead>> chains() {
        return store(CHAINS, ChainHead.SERDE);
    }

    static StoreBuilder<KeyValueStore<String, NetTally>> transferTallies() {
        return store(TRANSFER_TALLIES, NetTally.SERDE);
    }

    static StoreBuilder<KeyValueStore<String, NetTally>> conservationWindows() {
        return store(CONSERVATION_WINDOWS, NetTally.SERDE);
    }

    static StoreBuilder<KeyValueStore<String, SagaWatch>> sagaWatches() {
        return store(SAGA_WATCHES, SagaWatch.SERDE);
    }

    static StoreBuilder<KeyValueStore<String, HoldWatch>> holdWatches() {
        return store(HOLD_WATCHES, HoldWatch.SERDE);
    }

    static StoreBuilder<KeyValueStore<String, String>> holdDue() {
        return store(HOLD_DUE, Serdes.String());
    }

    /** A persistent (RocksDB) store of string keys, changelogged. */
    public static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde);
    }
}
