package dev.hazina.harness.broker;

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
 * The files of one local Kafka node, all under its folder: {@code server.properties}, its log4j2 config,
 * its log file and its data folder. The broker's folder is the data dir itself; the controller's is
 * {@code controller/} inside it. Writes the config files and reads the log's tail.
 */
final class BrokerFiles {

    static final String HOST = "127.0.0.1";
    static final int BROKER_ID = 1;
    static final int CONTROLLER_ID = 2;
    private static final String LOG4J_TEMPLATE = "broker-log4j2.xml";
    private static final int TAIL_BYTES = 64 * 1024;

    /** What a node does: a broker serves clients, a controller keeps the cluster metadata. */
    enum Role {
        BROKER("broker", BROKER_ID),
        CONTROLLER("controller", CONTROLLER_ID);

        final String label;
        final int nodeId;

        Role(String label, int nodeId) {
            this.label = label;
            this.nodeId = nodeId;
        }
    }

    private final Path dataDir;
    private final Role role;

    /** The broker's files in {@code dataDir}. */
    BrokerFiles(Path dataDir) {
        this(dataDir, Role.BROKER);
    }

    private BrokerFiles(Path dataDir, Role role) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.role = role;
    }

    /** The files of the controller that belongs to the broker in {@code dataDir}. */
    static BrokerFiles controllerOf(Path dataDir) {
        return new BrokerFiles(dataDir.resolve(Role.CONTROLLER.label), Role.CONTROLLER);
    }

    Role role() {
        return role;
    }

    Path dataDir() {
        return dataDir;
    }

    Path serverProperties() {
        return dataDir.resolve("server.properties");
    }

    Path log4jConfig() {
        return dataDir.resolve("log4j2-" + role.label + ".xml");
    }

    /** The node's log: its log4j output, and the child JVM's stdout and stderr. */
    Path logFile() {
        return dataDir.resolve(role.label + ".log");
    }

    /** The node's {@code log.dirs}: partitions (broker) or the KRaft metadata log (controller). */
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
            Files.writeString(serverProperties(), render(serverConfig(settings, role, logDir())));
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
     * A node's settings. The cluster is one broker and one controller, each in its own JVM as in
     * production: a broker crash then leaves the metadata quorum up, which fences the dead broker
     * before it comes back. Replication factor 1 everywhere, so transactions and exactly-once work;
     * fast failure detection for tests; then the caller's overrides. The ports must already be resolved
     * (not 0).
     */
    static Map<String, String> serverConfig(BrokerSettings settings, Role role, Path logDir) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", role.label);
        config.put("node.id", Integer.toString(role.nodeId));
        config.put("controller.quorum.voters", CONTROLLER_ID + "@" + HOST + ":" + settings.controllerPort());
        if (role == Role.BROKER) {
            config.put("listeners", "PLAINTEXT://" + HOST + ":" + settings.port());
            config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + settings.port());
        } else {
            config.put("listeners", "CONTROLLER://" + HOST + ":" + settings.controllerPort());
        }
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", logDir.toString());
        // One broker: every internal topic has replication factor 1 and min ISR 1. The controller
        // applies the topic defaults when it creates topics, so both nodes get them.
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        config.put("num.partitions", "8");
        config.put("auto.create.topics.enable", "false");
        // Fast failure detection after kill -9: classic clients may lower session.timeout.ms to 3 s,
        // and streams groups (group.protocol=streams) time out after 6 s.
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("group.min.session.timeout.ms", "3000");
        config.put("group.streams.session.timeout.ms", "6000");
        config.put("group.streams.min.session.timeout.ms", "3000");
        config.put("group.streams.heartbeat.interval.ms", "1000");
        config.put("group.streams.min.heartbeat.interval.ms", "500");
        config.put("group.streams.initial.rebalance.delay.ms", "0");
        // After kill -9 the controller fences the dead broker once its session expires: 3 s instead of
        // the default 9 s.
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

    /** The log's length in bytes; 0 when there is no log yet. */
    long logLength() {
        Path log = logFile();
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new BrokerException("cannot read " + log + ": " + e.getMessage(), e);
        }
    }

    /** Whether the log, past its first {@code fromByte} bytes, contains {@code text}. */
    boolean logContains(String text, long fromByte) {
        Path log = logFile();
        if (!Files.exists(log)) {
            return false;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.min(fromByte, file.length());
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            throw new BrokerException("cannot read " + log + ": " + e.getMessage(), e);
        }
    }

    /** The last {@code lines} lines of the broker log, or a note saying it is missing. */
    String logTail(int lines) {
        Path log = logFile();
        if (!Files.exists(log)) {
            return "(no " + role.label + " log at " + log + ")";
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
