package dev.hazina.fraud;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import dev.hazina.schemas.AccountProfile;
import dev.hazina.schemas.FraudCase;
import dev.hazina.schemas.serde.AvroSerde;

/** The fraud stream's RocksDB stores: names and builders. All are logged, so they survive a crash. */
public final class FraudStores {

    /** accountId to AccountProfile: recent postings, moving averages, telco signals. */
    public static final String PROFILES = "fraud-profiles";
    /** accountId to the account's latest FraudCase. */
    public static final String CASES = "fraud-cases";
    /** "expiresAt(hex)|accountId" to nothing: interdictions and clearances in expiry order. */
    public static final String CASE_EXPIRY = "fraud-case-expiry";

    private FraudStores() {
    }

    static StoreBuilder<KeyValueStore<String, AccountProfile>> profiles(FraudConfig config) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILES), Serdes.String(),
            AvroSerde.forValues(AccountProfile.class, config.ledger().serdeConfig()));
    }

    static StoreBuilder<KeyValueStore<String, FraudCase>> cases(FraudConfig config) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CASES), Serdes.String(),
            AvroSerde.forValues(FraudCase.class, config.ledger().serdeConfig()));
    }

    static StoreBuilder<KeyValueStore<String, byte[]>> caseExpiry() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CASE_EXPIRY), Serdes.String(),
            Serdes.ByteArray());
    }

    static String expiryKey(long time, String accountId) {
        return String.format("%016x|%s", Math.max(0, time), accountId);
    }

    static String accountOf(String expiryKey) {
        return expiryKey.substring(expiryKey.indexOf('|') + 1);
    }
}
