package dev.hazina.reconciliation.settlement;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.SettlementWindow;

/** The settlement windows' RocksDB stores. All are logged, so a restart resumes exactly where the last commit left. */
public final class SettlementStores {

    /** settlementId to the window it was counted in: a settlement replayed later is not counted again. */
    public static final String SEEN = "settlement-seen";
    /** "windowId|partyId|settlementId" to the Settlement: what a partition holds of each unsettled window. */
    public static final String ENTRIES = "settlement-entries";
    /** currency to the sequence of the window this partition is collecting into. */
    public static final String CURSORS = "settlement-cursors";
    /** windowId to its SettlementWindow: the coordinator's view of every window of its currencies. */
    public static final String WINDOWS = "settlement-windows-store";

    private SettlementStores() {
    }

    static StoreBuilder<KeyValueStore<String, String>> seen() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN), Serdes.String(), Serdes.String());
    }

    static StoreBuilder<KeyValueStore<String, Settlement>> entries(SettlementTopics topics) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ENTRIES), Serdes.String(), topics.settlementSerde());
    }

    static StoreBuilder<KeyValueStore<String, Long>> cursors() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CURSORS), Serdes.String(), Serdes.Long());
    }

    static StoreBuilder<KeyValueStore<String, SettlementWindow>> windows(SettlementTopics topics) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOWS), Serdes.String(), topics.windowSerde());
    }

    static String entryKey(String windowId, String partyId, String settlementId) {
        return windowId + "|" + partyId + "|" + settlementId;
    }

    static String windowPrefix(String windowId) {
        return windowId + "|";
    }
}
