package dev.hazina.harness.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.hazina.harness.connect.ConnectFiles;
import dev.hazina.harness.connect.ConnectWorkerProcess;
import dev.hazina.harness.postgres.PostgresServer;
import dev.hazina.reconciliation.OutputReader;
import dev.hazina.topology.LedgerConfig;

/**
 * {@code hazina demo --with-connect}: a real PostgreSQL, Hazina's Connect worker in its own JVM
 * ({@code hazina connect run}), the sinks registered by {@code hazina connect deploy} from the files in
 * {@code connectors/}, and at the end the rows landed per table against the records per topic
 * (read_committed). The tables and topics come from the connector files, the single source of truth.
 */
final class DemoConnect implements AutoCloseable {

    private static final String MOCK = "mock://";
    private static final Duration READY = Duration.ofMinutes(2);

    /** One sink: the topic it reads and the table it upserts into. */
    record Sink(String topic, String table) {
    }

    /** A sink's records on its topic and rows in its table. */
    record Delivery(Sink sink, long records, long rows) {

        boolean complete() {
            return records == rows;
        }
    }

    private final PostgresServer postgres;
    private final ConnectWorkerProcess worker;
    private final List<Sink> sinks;
    private final LedgerConfig config;

    private DemoConnect(PostgresServer postgres, ConnectWorkerProcess worker, List<Sink> sinks, LedgerConfig config) {
        this.postgres = postgres;
        this.worker = worker;
        this.sinks = sinks;
        this.config = config;
    }

    /** What the demo needs for {@code --with-connect} and does not have, with how to get it; empty when all is there. */
    static Optional<String> unmet(String registryUrl, ConnectFiles files) {
        if (registryUrl.startsWith(MOCK)) {
            return Optional.of("--with-connect needs a real schema registry: the Connect worker runs in a JVM of its own and "
                + "cannot see the demo's in-process " + registryUrl + ". Start one (mvn -DskipTests package -pl registry-server, "
                + "then java -Dquarkus.http.port=8081 -jar registry-server/target/hazina-registry-server-*-runner.jar) and pass "
                + "--registry-url http://127.0.0.1:8081/apis/ccompat/v7");
        }
        if (PostgresServer.findBinaries().isEmpty()) {
            return Optional.of("--with-connect needs PostgreSQL's binaries (initdb, pg_ctl): install them with "
                + "apt-get install -y postgresql, or set PG_BIN to their bin directory");
        }
        return files.missing();
    }

    /** Starts PostgreSQL and the worker, and deploys the sinks; the topics and schemas must exist. */
    static DemoConnect start(LedgerConfig config, String registryUrl, ConnectFiles files, Path dir, PrintStream out)
            throws IOException, InterruptedException {
        List<Sink> sinks = sinks(files.connectorsDir());
        PostgresServer postgres = PostgresServer.start(Map.of());
        ConnectWorkerProcess worker = null;
        try {
            out.println("PostgreSQL at " + postgres.jdbcUrl() + "; starting the Connect worker (hazina connect run) ...");
            worker = ConnectWorkerProcess.start(files, Map.of("bootstrap.servers", config.bootstrapServers(),
                "value.converter.schema.registry.url", registryUrl, "config.storage.replication.factor", "1",
                "offset.storage.replication.factor", "1", "status.storage.replication.factor", "1",
                "offset.flush.interval.ms", "1000"), dir.resolve("connect.log"));
            worker.awaitRest(READY);
            out.println("Connect worker at " + worker.restUrl() + " (log " + worker.logFile() + ")");
            out.println("$ hazina connect deploy --connect-url " + worker.restUrl());
            out.print(worker.deploy(List.of("--registry-url", registryUrl, "--timeout", "PT2M",
                "connection.url=" + postgres.jdbcUrl(), "connection.username=postgres", "connection.password=",
                "errors.deadletterqueue.topic.replication.factor=1"), dir.resolve("connect-deploy.log"), READY));
            return new DemoConnect(postgres, worker, sinks, config);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (worker != null) {
                worker.close();
            }
            postgres.close();
            throw e;
        }
    }

    /** Waits up to {@code timeout} for every table to hold a row per record of its topic, then both counts per sink. */
    String delivered(Duration timeout) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Delivery> deliveries = deliveries();
        while (!deliveries.stream().allMatch(Delivery::complete) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            deliveries = deliveries();
        }
        StringBuilder text = new StringBuilder("Kafka Connect into PostgreSQL (records per topic, read_committed -> rows per table):\n");
        for (Delivery delivery : deliveries) {
            text.append(String.format("  %-28s %8d records -> %-28s %8d rows%s%n", delivery.sink().topic(), delivery.records(),
                delivery.sink().table(), delivery.rows(), delivery.complete() ? ""
                    : "  (still landing after " + timeout.toSeconds() + " s; worker log " + worker.logFile() + ")"));
        }
        return text.toString();
    }

    private List<Delivery> deliveries() throws SQLException {
        List<Delivery> deliveries = new ArrayList<>();
        for (Sink sink : sinks) {
            deliveries.add(new Delivery(sink, records(sink.topic()), rows(sink.table())));
        }
        return deliveries;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            worker.close();
        } finally {
            postgres.close();
        }
    }

    private long records(String topic) {
        return OutputReader.readValues(Map.<String, Object>of("bootstrap.servers", config.bootstrapServers(), "client.id", "hazina-demo-connect"),
            topic, new ByteArrayDeserializer(), Duration.ofMinutes(1)).size();
    }

    private long rows(String table) throws SQLException {
        try (Connection connection = postgres.connect(Map.of()); Statement statement = connection.createStatement();
             ResultSet exists = statement.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = '"
                 + table + "'")) {
            if (!exists.next() || exists.getLong(1) == 0) {
                return 0; // the sink creates its table with its first record
            }
        }
        try (Connection connection = postgres.connect(Map.of()); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Each connector file's topic and table ({@code topics}, {@code collection.name.format}), sorted by file name. */
    static List<Sink> sinks(Path connectorsDir) throws IOException {
        List<Sink> sinks = new ArrayList<>();
        try (Stream<Path> files = Files.list(connectorsDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-sink.properties")).sorted().toList()) {
                Properties properties = new Properties();
                try (Reader in = Files.newBufferedReader(file)) {
                    properties.load(in);
                }
                sinks.add(new Sink(properties.getProperty("topics"), properties.getProperty("collection.name.format")));
            }
        }
        return sinks;
    }
}
