package dev.hazina.harness.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.ChildJvm;

/**
 * A real single-broker Apache Kafka KRaft cluster ({@code kafka.Kafka} from the kafka_2.13 jar) in child
 * JVMs, for the demo, the integration tests, the chaos harness and the benchmark.
 *
 * <p>The cluster is one broker and one KRaft controller, each in its own JVM with this JVM's classpath,
 * as production runs them, with replication factor 1, so transactions and exactly-once work. Their
 * configs, logs ({@link #logFile()}, and {@code controller/controller.log}) and data all live in the
 * data dir. Storage is formatted on first start only, so a cluster started again on the same data dir
 * keeps its topics and committed records.
 *
 * <p>The broker can be stopped cleanly ({@link #stop()}), killed as by {@code kill -9} ({@link #kill()})
 * and started again on the same ports and data ({@link #restart()}). A crashed broker is restarted only
 * once the controller has fenced it. A broker and controller in one JVM cannot do that, and a restart
 * there can lose the commit markers of a transaction that was committing at the crash, which leaves
 * read_committed consumers stuck for good. A shutdown hook stops both JVMs when this JVM exits, and they
 * stop by themselves if this JVM dies.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start(BrokerSettings.of(dir))) {
 *     props.put("bootstrap.servers", broker.bootstrapServers());
 *     ...
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FENCE_TIMEOUT = Duration.ofSeconds(30);
    private static final String CONTROLLER_HEAP = "192m";
    private static final int LOG_TAIL_LINES = 40;

    private final BrokerSettings settings;
    private final BrokerFiles files;
    private final BrokerFiles controllerFiles;
    private final Thread shutdownHook;
    private Process process;
    private Process controller;
    /** The controller log's length when the broker was last killed; -1 if it has not been killed since. */
    private long controllerLogAtKill = -1;
    private boolean closed;

    private KafkaBroker(BrokerSettings settings) {
        this.settings = settings;
        this.files = new BrokerFiles(settings.dataDir());
        this.controllerFiles = BrokerFiles.controllerOf(settings.dataDir());
        this.shutdownHook = new Thread(this::stopAll, "hazina-broker-shutdown");
    }

    /**
     * Formats the data dir if it is new, starts the controller and the broker and waits until the
     * broker serves clients (at most 60 s each).
     *
     * @throws BrokerException if a port is taken or a node does not become ready; the message ends
     *                         with the last lines of that node's log
     */
    public static KafkaBroker start(BrokerSettings settings) {
        KafkaBroker broker = new KafkaBroker(withFreePorts(settings));
        broker.checkPortsFree();
        if (settings.security() != null && broker.files.isFormatted()
                && !java.nio.file.Files.exists(broker.files.credentialsFile())) {
            throw new BrokerException(broker.files.dataDir() + " was formatted without security, so it has no SCRAM "
                + "credentials; start the secured broker on a fresh data dir");
        }
        broker.files.write(broker.settings);
        broker.controllerFiles.write(broker.settings);
        StorageFormatter.formatIfNeeded(List.of(broker.controllerFiles, broker.files), settings.security() != null);
        Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
        try {
            broker.launchController();
            broker.launch();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** The client bootstrap address, {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return BrokerFiles.HOST + ":" + settings.port();
    }

    /**
     * Client settings to reach this broker as {@code principal}: the bootstrap servers, plus the SCRAM
     * login when the cluster is secured (on a plaintext cluster the principal is ignored).
     */
    public Map<String, Object> clientConfig(String principal) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (settings.security() != null) {
            config.putAll(settings.security().clientSecurity(principal));
        }
        return config;
    }

    /** The settings in use, with the ports that were picked for any given as 0. */
    public BrokerSettings settings() {
        return settings;
    }

    public Path dataDir() {
        return files.dataDir();
    }

    /** The broker's log: its log4j output and its JVM's stdout and stderr. */
    public Path logFile() {
        return files.logFile();
    }

    /** The process id of the current broker JVM. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("the broker has not been launched");
        }
        return process.pid();
    }

    /** The process id of the current controller JVM. */
    public synchronized long controllerPid() {
        if (controller == null) {
            throw new IllegalStateException("the controller has not been launched");
        }
        return controller.pid();
    }

    /**
     * Stops the broker gracefully (SIGTERM, then SIGKILL if it has not exited within 30 s), leaving
     * the controller up for a {@link #restart()}. Idempotent.
     */
    public synchronized void stop() {
        stopGracefully(process, "broker");
    }

    /** Kills the broker JVM with SIGKILL, as a crash would, and waits until it is gone. */
    public synchronized void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        controllerLogAtKill = controllerFiles.logLength();
        killNow(process, "broker");
    }

    /**
     * Starts the broker again on the same ports and data dir, without formatting, stopping it
     * gracefully first if it is running, and the controller too if it is not running. After a kill it
     * first waits until the controller has fenced the dead broker. Waits until the broker serves clients.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("the broker has been closed");
        }
        stop();
        if (controller == null || !controller.isAlive()) {
            launchController();
        } else if (controllerLogAtKill >= 0) {
            awaitFenced();
        }
        controllerLogAtKill = -1;
        launch();
    }

    /** Stops the broker, then the controller; neither can be restarted afterwards. */
    @Override
    public synchronized void close() {
        stopAll();
        if (!closed) {
            closed = true;
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down (possibly in this very hook).
            }
        }
    }

    private synchronized void stopAll() {
        stopGracefully(process, "broker");
        stopGracefully(controller, "controller");
    }

    private void stopGracefully(Process node, String what) {
        if (node == null || !node.isAlive()) {
            return;
        }
        long started = System.nanoTime();
        node.destroy();
        try {
            if (!node.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Kafka {} pid {} did not stop within {} s; killing it", what, node.pid(), STOP_TIMEOUT.toSeconds());
                killNow(node, what);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killNow(node, what);
            return;
        }
        LOG.info("Stopped Kafka {} (pid {}) in {} ms", what, node.pid(), millisSince(started));
    }

    private void killNow(Process node, String what) {
        node.destroyForcibly();
        boolean interrupted = false;
        long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
        while (node.isAlive() && System.nanoTime() < deadline) {
            try {
                node.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true; // finish waiting: the caller relies on the process being gone
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (node.isAlive()) {
            throw new BrokerException("Kafka " + what + " pid " + node.pid() + " is still alive after SIGKILL");
        }
        LOG.info("Killed Kafka {} (pid {})", what, node.pid());
    }

    /**
     * Waits until the controller log shows the killed broker fenced. Until then the controller still
     * counts the dead broker as the leader of its partitions, and a broker that restarts in that window
     * can drop the commit markers of a transaction the crash left half-written.
     */
    private void awaitFenced() {
        long started = System.nanoTime();
        long deadline = started + FENCE_TIMEOUT.toNanos();
        while (!controllerFiles.logContains(fencingLine(), controllerLogAtKill)) {
            if (System.nanoTime() > deadline) {
                LOG.warn("The controller log {} shows no fencing of broker {} within {} s of its kill; restarting it anyway",
                    controllerFiles.logFile(), BrokerFiles.BROKER_ID, FENCE_TIMEOUT.toSeconds());
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerException("interrupted while waiting for the controller to fence the killed broker", e);
            }
        }
        LOG.info("Controller fenced the killed broker {} ms after the restart began", millisSince(started));
    }

    private static String fencingLine() {
        return "Fencing broker " + BrokerFiles.BROKER_ID + " ";
    }

    private synchronized void launchController() {
        long started = System.nanoTime();
        controller = launchNode(controllerFiles, CONTROLLER_HEAP, settings.controllerPort(),
            AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG,
            settings.security() == null ? Map.of() : settings.security().controllerClientSecurity());
        LOG.info("Kafka controller {}:{} ready in {} ms (pid {}, heap {}, data {})", BrokerFiles.HOST,
            settings.controllerPort(), millisSince(started), controller.pid(), CONTROLLER_HEAP, controllerFiles.dataDir());
    }

    private synchronized void launch() {
        long started = System.nanoTime();
        process = launchNode(files, settings.heap(), settings.port(), AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            settings.security() == null ? Map.of() : settings.security().clientSecurity(BrokerSecurity.ADMIN));
        LOG.info("Broker {} ready in {} ms (pid {}, heap {}, data {})",
            bootstrapServers(), millisSince(started), process.pid(), settings.heap(), files.dataDir());
    }

    private Process launchNode(BrokerFiles node, String heap, int port, String bootstrapConfig,
                               Map<String, Object> clientSecurity) {
        checkPortFree(port);
        Process started;
        try {
            started = ChildJvm.launch(jvmOptions(node, heap), BrokerMain.class.getName(),
                List.of(node.serverProperties().toString()), node.dataDir(), node.logFile());
        } catch (IOException e) {
            throw new BrokerException("cannot start the Kafka " + node.role().label + " JVM: " + e.getMessage(), e);
        }
        try {
            BrokerReadiness.await(started, BrokerFiles.HOST, port, bootstrapConfig, clientSecurity, READY_TIMEOUT);
        } catch (BrokerReadiness.NotReadyException e) {
            started.destroyForcibly();
            throw new BrokerException(failure(node, "did not become ready: " + e.getMessage()));
        } catch (InterruptedException e) {
            started.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BrokerException(failure(node, "was interrupted while starting"), e);
        }
        return started;
    }

    private static List<String> jvmOptions(BrokerFiles node, String heap) {
        List<String> options = new ArrayList<>(List.of(
            "-Xmx" + heap,
            // Kafka's own defaults from kafka-run-class.sh.
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true"));
        options.addAll(node.loggingJvmOptions());
        return options;
    }

    private String failure(BrokerFiles node, String what) {
        return "Kafka " + node.role().label + " " + bootstrapServers() + " (data " + node.dataDir() + ") " + what
            + ". Last lines of " + node.logFile() + ":\n" + node.logTail(LOG_TAIL_LINES);
    }

    private void checkPortsFree() {
        checkPortFree(settings.port());
        checkPortFree(settings.controllerPort());
    }

    private void checkPortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(BrokerFiles.HOST, port));
        } catch (IOException e) {
            throw new BrokerException("port " + port + " on " + BrokerFiles.HOST
                + " is already in use (another broker?); cannot start Kafka broker in " + files.dataDir());
        }
    }

    /** The settings with each port given as 0 replaced by a free port; the two picked ports differ. */
    private static BrokerSettings withFreePorts(BrokerSettings settings) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int port = settings.port() == 0 ? hold(held) : settings.port();
            int controllerPort = settings.controllerPort() == 0 ? hold(held) : settings.controllerPort();
            return settings.withPort(port).withControllerPort(controllerPort);
        } finally {
            held.forEach(KafkaBroker::closeQuietly);
        }
    }

    private static int hold(List<ServerSocket> held) {
        try {
            ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(BrokerFiles.HOST));
            held.add(socket);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BrokerException("cannot find a free port on " + BrokerFiles.HOST, e);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Cannot close port probe {}", socket, e);
        }
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
