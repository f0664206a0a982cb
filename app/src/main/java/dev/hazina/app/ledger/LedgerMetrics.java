package dev.hazina.app.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import dev.hazina.app.http.StreamMeters;
import dev.hazina.topology.LedgerStores;

/**
 * The ledger's meters for Prometheus: its own decisions, latency and dead letters
 * ({@code LedgerMeters}), Kafka Streams' own (task lag, commit latency, process rates,
 * RocksDB) and the JVM's heap, which is what an operator looks at first.
 */
public final class LedgerMetrics implements AutoCloseable {

    public static final String DEDUPE_RECORDS = "hazina.dedupe.records";

    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;

    /** Kafka Streams' and the JVM's meters, added to {@code registry} beside the ledger's own. */
    public LedgerMetrics(KafkaStreams streams, PrometheusMeterRegistry registry) {
        this.registry = registry;
        streamsMetrics = StreamMeters.bind(streams, registry);
        Gauge.builder(DEDUPE_RECORDS, streams, LedgerMetrics::dedupeRecords)
            .description("Requests this instance remembers for dedupe (RocksDB's estimate; NaN while its stores move)")
            .register(registry);
    }

    /** RocksDB's estimate of the transfers store's size over this instance's active tasks. */
    static double dedupeRecords(KafkaStreams streams) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(LedgerStores.TRANSFERS,
                QueryableStoreTypes.keyValueStore())).approximateNumEntries();
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return Double.NaN;
        }
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        streamsMetrics.close();
        registry.close();
    }
}
