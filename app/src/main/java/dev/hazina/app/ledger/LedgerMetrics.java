package dev.hazina.app.ledger;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The ledger's meters for Prometheus: its own decisions, latency and dead letters
 * ({@code LedgerMeters}), Kafka Streams' own (task lag, commit latency, process rates,
 * RocksDB) and the JVM's heap, which is what an operator looks at first.
 */
public final class LedgerMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;

    /** Kafka Streams' and the JVM's meters, added to {@code registry} beside the ledger's own. */
    public LedgerMetrics(KafkaStreams streams, PrometheusMeterRegistry registry) {
        this.registry = registry;
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
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
