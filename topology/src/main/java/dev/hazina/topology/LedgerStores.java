package dev.hazina.topology;

import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.Statement;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.serde.AvroSerde;

/** The ledger's RocksDB stores: names and builders. All are logged, so they survive a crash. */
public final class LedgerStores {

    /** accountId to AccountState. */
    public static final String ACCOUNTS = "hazina-accounts";
    /** requestId to TransferRecord: dedupe and saga state, on the payer's partition. */
    public static final String TRANSFERS = "hazina-transfers";
    /** "receivedAt(hex)|requestId" to nothing: the dedupe records in expiry order. */
    public static final String TRANSFER_EXPIRY = "hazina-transfer-expiry";
    /** "expiresAt(hex)|requestId" to nothing: the pending holds in deadline order, for the expiry sweep. */
    public static final String HOLD_EXPIRY = "hazina-hold-expiry";
    /** Input name to the last offset processed, so a replayed leg or command is skipped. */
    public static final String OFFSETS = "hazina-offsets";
    /** accountId to its Statement: the last entries of a customer, merchant or agent account. */
    public static final String STATEMENTS = "hazina-statements";
    /** accountId to the fraud stream's AccountRisk verdict; read-only, restored from the risk topic itself. */
    public static final String ACCOUNT_RISK = "hazina-account-risk";

    private LedgerStores() {
    }

    static StoreBuilder<KeyValueStore<String, AccountState>> accounts(LedgerConfig config) {
        Map<String, Object> serde = config.serdeConfig();
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACCOUNTS), Serdes.String(),
            AvroSerde.forValues(AccountState.class, serde));
    }

    static StoreBuilder<KeyValueStore<String, TransferRecord>> transfers(LedgerConfig config) {
        Map<String, Object> serde = config.serdeConfig();
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRANSFERS), Serdes.String(),
            AvroSerde.forValues(TransferRecord.class, serde));
    }

    static StoreBuilder<KeyValueStore<String, byte[]>> transferExpiry() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRANSFER_EXPIRY), Serdes.String(),
            Serdes.ByteArray());
    }

    static StoreBuilder<KeyValueStore<String, byte[]>> holdExpiry() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HOLD_EXPIRY), Serdes.String(),
            Serdes.ByteArray());
    }

    /** Cached: a busy account's statement is rewritten many times per commit but logged once. */
    static StoreBuilder<KeyValueStore<String, Statement>> statements(LedgerConfig config) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATEMENTS), Serdes.String(),
            AvroSerde.forValues(Statement.class, config.serdeConfig())).withCachingEnabled();
    }

    /** No changelog of its own: the compacted risk topic is its changelog (a read-only store). */
    static StoreBuilder<KeyValueStore<String, AccountRisk>> accountRisk(LedgerConfig config) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACCOUNT_RISK), Serdes.String(),
            AvroSerde.forValues(AccountRisk.class, config.serdeConfig())).withLoggingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, Long>> offsets() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OFFSETS), Serdes.String(), Serdes.Long());
    }

    /** The key of a time-ordered index: fixed-width hex time first, so keys sort by time. */
    static String expiryKey(long time, String requestId) {
        return String.format("%016x|%s", Math.max(0, time), requestId);
    }

    /** The requestId of a time-ordered index key. */
    static String requestIdOf(String expiryKey) {
        return expiryKey.substring(expiryKey.indexOf('|') + 1);
    }
}
