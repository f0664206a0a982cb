package dev.hazina.reconciliation.report;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import dev.hazina.reconciliation.stream.ReconciliationStores;

/** The daily report's state stores, persistent (RocksDB) and changelogged under the reconciliation application.id. */
public final class ReportStores {

    /** currency:yyyy-MM-dd to the day's {@link Figures} (currency {@code *}: dead letters and alerts without one). */
    public static final String FIGURES = "reconciliation-daily-figures";
    /** currency:yyyy-MM-dd to the last published revision ({@link ReportState}). */
    public static final String REPORTS = "reconciliation-daily-reports";
    /** currency to its {@link BusinessClock}. */
    public static final String CLOCKS = "reconciliation-daily-clocks";
    /** currency:yyyy-MM-dd of reports whose figures changed since they were last published. */
    public static final String CHANGED = "reconciliation-daily-changed";
    /** Trust bank account to the currency of its first valid statement. */
    public static final String TRUST_ACCOUNTS = "reconciliation-trust-accounts";

    private ReportStores() {
    }

    static StoreBuilder<KeyValueStore<String, Figures>> figures() {
        return ReconciliationStores.store(FIGURES, Figures.SERDE);
    }

    static StoreBuilder<KeyValueStore<String, ReportState>> reports() {
        return ReconciliationStores.store(REPORTS, ReportState.SERDE);
    }

    static StoreBuilder<KeyValueStore<String, BusinessClock>> clocks() {
        return ReconciliationStores.store(CLOCKS, BusinessClock.SERDE);
    }

    static StoreBuilder<KeyValueStore<String, Long>> changed() {
        return ReconciliationStores.store(CHANGED, Serdes.Long());
    }

    static StoreBuilder<KeyValueStore<String, String>> trustAccounts() {
        return ReconciliationStores.store(TRUST_ACCOUNTS, Serdes.String());
    }
}
