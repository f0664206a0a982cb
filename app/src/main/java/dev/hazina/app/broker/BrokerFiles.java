package dev.hazina.app.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a local broker, all under its data dir: {@code server.properties}, the broker's log4j2
 * config, its log file and the partition data folder. Writes the config files and reads the log's tail.
 */
final class BrokerFiles {

    static final String HOST = "127.0.0.1";
    private static final String LOG4J_TEMPLATE = "broker-log4j2.xml";
    private static final int TAIL_BYTES = 64 * 1024;

    private final Path dataDir;

    BrokerFiles(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    Path dataDir() {
        return dataDir;
    }

    Path serverProperties() {
        return dataDir.resolve("server.properties");
    }

    Path log4jConfig() {
        return dataDir.resolve("log4j2-broker.xml");
    }

    /** The broker's log: its log4j output, and the child JVM's stdout and stderr. */
    Path logFile() {
        return dataDir.resolve("broker.log");
    }

    /** The broker's {@code log.dirs}: partitions and the KRaft metadata log. */
    Path logDir() {
        return dataDir.resolve("kafka-logs");
    }

    boolean isFormatted() {
        return Files.exists(logDir().resolve("meta.properties"));
    }

    /** JVM options that send a child's log4j output to {@link #logFile()}. */
    List<String> loggingJvmOptions() {
        return List.of(
            "-Dlog4j2.configurationFile=" + log4jConfig(),
            "-Dhazina.broker.logFile=" + logFile());
    }

    /** Creates the data dir and (re)writes server.properties and the log4j2 config for these settings. */
    void write(BrokerSettings settings) {
        try {
            Files.createDirectories(dataDir);
            Files.writeString(serverProperties(), render(serverConfig(settings, logDir())));
            try (InputStream template = BrokerFiles.class.getResourceAsStream(LOG4J_TEMPLATE)) {
                if (template == null) {
                    throw new IllegalStateException("missing resource " + LOG4J_TEMPLATE);
                }
                Files.write(log4jConfig(), template.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write broker config in " + dataDir, e);
        }
    }

    /**
     * The broker's settings: one node that is both broker and controller, replication factor 1 so
     * transactions and exactly-once work, fast failure detection for tests, then the caller's overrides.
     * The ports must already be resolved (not 0).
     */
    static Map<String, String> serverConfig(BrokerSettings settings, Path logDir) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@" + HOST + ":" + settings.controllerPort());
        config.put("listeners",
            "PLAINTEXT://" + HOST + ":" + settings.port() + ",CONTROLLER://" + HOST + ":" + settings.controllerPort());
        config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + settings.port());
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", logDir.toString());
        // One node: every internal topic has replication factor 1 and min ISR 1.
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        config.put("num.partitions", "8");
        config.put("auto.create.topics.enable", "false");
        // Fast failure detection after kill -9: classic clients may lower session.timeout.ms to 6 s,
        // and streams groups (group.protocol=streams) time out after 6 s.
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("group.min.session.timeout.ms", "6000");
        config.put("group.streams.session.timeout.ms", "6000");
        config.put("group.streams.min.session.timeout.ms", "3000");
        config.put("group.streams.heartbeat.interval.ms", "1000");
        config.put("group.streams.min.heartbeat.interval.ms", "500");
        config.put("group.streams.initial.rebalance.delay.ms", "0");
        // After kill -9 the restarted broker cannot register until the controller (itself) expires the
        // old registration: 3 s instead of the default 9 s.
        config.put("broker.heartbeat.interval.ms", "500");
        config.put("broker.session.timeout.ms", "3000");
        config.putAll(settings.overrides());
        return config;
    }

    static String render(Map<String, String> config) {
        StringBuilder text = new StringBuilder("# Written by Hazina's KafkaBroker on each start; edits are lost.\n");
        config.forEach((key, value) -> text.append(escape(key)).append('=').append(escape(value)).append('\n'));
        return text.toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** The last {@code lines} lines of the broker log, or a note saying it is missing. */
    String logTail(int lines) {
        Path log = logFile();
        if (!Files.exists(log)) {
            return "(no broker log at " + log + ")";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n")));
            if (start > 0 && !all.isEmpty()) {
                all.remove(0); // probably a partial line
            }
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
