package dev.hazina.app.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Serves the ledger's Kafka Streams and JVM metrics for Prometheus at {@code /metrics}: task lag,
 * commit latency, process rates, RocksDB and heap, which is what an operator looks at first.
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;
    private final KafkaStreamsMetrics streamsMetrics;

    private MetricsServer(HttpServer server, KafkaStreamsMetrics streamsMetrics) {
        this.server = server;
        this.streamsMetrics = streamsMetrics;
    }

    public static MetricsServer start(int port, KafkaStreams streams) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new MetricsServer(server, streamsMetrics);
    }

    @Override
    public void close() {
        streamsMetrics.close();
        server.stop(0);
    }
}
