package dev.hazina.connectors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

/**
 * A Kafka Connect worker in distributed mode (config, offsets and status in Kafka topics), in this
 * JVM, from a worker.properties file whose keys {@code key=value} overrides replace, e.g.
 * {@code bootstrap.servers=...} or {@code plugin.path=...}. It is what {@code hazina connect run}
 * ({@link ConnectRunCommand}) starts; it stops on SIGTERM (Connect's own shutdown hook).
 */
public final class ConnectWorker {

    private ConnectWorker() {
    }

    /** Starts a worker from {@code file} with {@code overrides} ({@code key=value}) applied. */
    public static Connect<?> start(Path file, List<String> overrides) throws IOException {
        return new ConnectDistributed().startConnect(workerConfig(file, overrides));
    }

    static Map<String, String> workerConfig(Path file, List<String> overrides) throws IOException {
        Map<String, String> config = KeyValues.load(file);
        config.putAll(KeyValues.parse(overrides));
        return config;
    }
}
