package dev.hazina.app.http;

import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Prometheus {@code /metrics} of a stream run on its own ({@code hazina fraud run},
 * {@code hazina reconcile run}): the stream's meters in {@code registry}, Kafka Streams' own and the
 * JVM's heap, for the monitor and ops roles ({@link HttpAccess}).
 */
public final class MetricsHttp implements AutoCloseable {

    public static final String PATH = "/metrics";

    private final Javalin server;
    private final KafkaStreamsMetrics streamsMetrics;

    private MetricsHttp(Javalin server, KafkaStreamsMetrics streamsMetrics) {
        this.server = server;
        this.streamsMetrics = streamsMetrics;
    }

    public static MetricsHttp start(String host, int port, PrometheusMeterRegistry registry, KafkaStreams streams,
                                    HttpAccess access) {
        KafkaStreamsMetrics streamsMetrics = StreamMeters.bind(streams, registry);
        Javalin server = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.startup.showJavalinBanner = false;
            config.routes.beforeMatched(access::check);
            config.routes.get(PATH, ctx -> ctx.contentType("text/plain; version=0.0.4").result(registry.scrape()),
                HttpRole.MONITOR, HttpRole.OPS);
        }).start();
        return new MetricsHttp(server, streamsMetrics);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        streamsMetrics.close();
    }
}
