package dev.hazina.harness.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.FreePorts;
import dev.hazina.harness.Workspace;

/**
 * A PostgreSQL server of the benchmark's own: initdb in a fresh data dir, started on 127.0.0.1 on a
 * free port with TCP only (no Unix socket), in a {@link Workspace} of its own: stopped and deleted by
 * {@link #close()} (and by the workspace's shutdown hook if the JVM exits first).
 *
 * <p>The binaries come from {@code $PG_BIN}, or the newest {@code /usr/lib/postgresql/<v>/bin}
 * (Debian's {@code apt-get install postgresql}), or the PATH. initdb refuses to run as root, so as
 * root every server command runs as the {@code postgres} user through {@code runuser}, and the data
 * dir is made over to that user.
 *
 * <p>Settings are those a team would start from on a 2-core, 24 GB box: shared_buffers 256 MB, WAL
 * up to 2 GB between checkpoints, fsync on. {@code synchronous_commit} is chosen per connection.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final String USER = "postgres";

    private final Path bin;
    private final Workspace workspace;
    private final Path root;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;
    private boolean running;

    private PostgresServer(Path bin, Workspace workspace, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.workspace = workspace;
        this.root = workspace.dir();
        this.dataDir = root.resolve("data");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** initdb, start, and wait until it takes connections; {@code settings} add to postgresql.conf. */
    public static PostgresServer start(Map<String, String> settings) throws IOException, InterruptedException {
        Path bin = findBinaries().orElseThrow(() -> new IllegalStateException(
            "PostgreSQL not found: install it (apt-get install -y postgresql) or set PG_BIN to its bin directory"));
        boolean root = "root".equals(System.getProperty("user.name"));
        // Its own folder outside the benchmark's (which may be private to this user), readable by postgres.
        int port = FreePorts.freePort();
        Workspace workspace = Workspace.temporary("hazina-bench-pg-");
        Files.setPosixFilePermissions(workspace.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        PostgresServer server = new PostgresServer(bin, workspace, port, root);
        workspace.push(server::stop);
        try {
            server.initdb(settings);
            server.launch();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void initdb(Map<String, String> settings) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        if (asPostgresUser) {
            UserPrincipal postgres = dataDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
            Files.setOwner(root, postgres);
            Files.setOwner(dataDir, postgres);
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER, "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync"));
        List<String> conf = new ArrayList<>();
        conf.add("");
        conf.add("# hazina bench");
        conf.add("listen_addresses = '127.0.0.1'");
        conf.add("port = " + port);
        conf.add("unix_socket_directories = ''");
        conf.add("max_connections = 100");
        conf.add("shared_buffers = '256MB'");
        conf.add("max_wal_size = '2GB'");
        conf.add("fsync = on");
        settings.forEach((key, value) -> conf.add(key + " = '" + value + "'"));
        Path file = dataDir.resolve("postgresql.conf");
        run(List.of("sh", "-c", "cat >> '" + file + "'"), String.join("\n", conf) + "\n");
    }

    private void launch() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", root.resolve("postgres.log").toString(),
            "-w", "-t", "60", "start"));
        running = true;
        LOG.info("PostgreSQL started on 127.0.0.1:{} (data {}, postmaster pid {})", port, dataDir, postmasterPid());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** A new connection as the superuser; {@code options} are JDBC properties (e.g. reWriteBatchedInserts). */
    public Connection connect(Map<String, String> options) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        options.forEach(properties::setProperty);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** The postmaster's pid, from the first line of postmaster.pid. */
    public long postmasterPid() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        List<String> lines = asPostgresUser
            ? List.of(runForOutput(List.of("head", "-1", pidFile.toString())).trim())
            : Files.readAllLines(pidFile);
        return Long.parseLong(lines.get(0).trim());
    }

    public int port() {
        return port;
    }

    /** Fast shutdown (disconnects clients, checkpoints), then deletes the data. Idempotent. */
    @Override
    public void close() {
        workspace.close();
    }

    private synchronized void stop() {
        if (running) {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60",
                    "stop"));
                LOG.info("PostgreSQL on port {} stopped", port);
            } catch (IOException | RuntimeException e) {
                LOG.warn("pg_ctl stop failed: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running = false;
        }
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        run(command, null);
    }

    private void run(List<String> command, String stdin) throws IOException, InterruptedException {
        String output = execute(command, stdin);
        LOG.debug("{}: {}", command, output);
    }

    private String runForOutput(List<String> command) throws IOException {
        try {
            return execute(command, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private String execute(List<String> command, String stdin) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).directory(root.toFile());
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        // pg_ctl start leaves the server holding no pipe of ours (it logs to -l), so this read ends.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", full) + " did not finish within " + COMMAND_TIMEOUT);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed (exit " + process.exitValue() + "):\n" + output
                + logTail());
        }
        return output;
    }

    private String logTail() {
        Path log = root.resolve("postgres.log");
        try {
            if (Files.isReadable(log)) {
                List<String> lines = Files.readAllLines(log);
                return "\npostgres.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            }
        } catch (IOException e) {
            // no log
        }
        return "";
    }

    /** $PG_BIN, else the newest /usr/lib/postgresql/N/bin, else the directory of initdb on the PATH. */
    public static Optional<Path> findBinaries() {
        String env = System.getenv("PG_BIN");
        if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
            return Optional.of(Path.of(env));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions
                    .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(PostgresServer::version))
                    .map(v -> v.resolve("bin"));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))) {
                return Optional.of(Path.of(dir));
            }
        }
        return Optional.empty();
    }

    private static int version(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

}
