package dev.hazina.app.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka KRaft broker ({@code kafka.Kafka} from the kafka_2.13 jar) running in
 * a child JVM, for the demo, the integration tests and the chaos harness.
 *
 * <p>The child runs with this JVM's classpath and a bounded heap. It is one node that is both broker
 * and controller, with replication factor 1, so transactions and exactly-once work. Its config, log
 * ({@link #logFile()}) and data all live in the data dir. Storage is formatted on first start only, so a
 * broker started again on the same data dir keeps its topics and committed records.
 *
 * <p>Being a separate process, it can be stopped cleanly ({@link #stop()}), killed as by
 * {@code kill -9} ({@link #kill()}) and started again on the same ports and data ({@link #restart()}).
 * A shutdown hook stops it when this JVM exits, and it stops by itself if this JVM dies.
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
    private static final int LOG_TAIL_LINES = 40;

    private final BrokerSettings settings;
    private final BrokerFiles files;
    private final Thread shutdownHook;
    private Process process;
    private boolean closed;

    private KafkaBroker(BrokerSettings settings) {
        this.settings = settings;
        this.files = new BrokerFiles(settings.dataDir());
        this.shutdownHook = new Thread(this::stop, "hazina-broker-shutdown");
    }

    /**
     * Formats the data dir if it is new, starts the broker and waits until it serves clients
     * (at most 60 s).
     *
     * @throws BrokerException if a port is taken or the broker does not become ready; the message
     *                         ends with the last lines of the broker log
     */
    public static KafkaBroker start(BrokerSettings settings) {
        KafkaBroker broker = new KafkaBroker(withFreePorts(settings));
        broker.checkPortsFree();
        broker.files.write(broker.settings);
        StorageFormatter.formatIfNeeded(broker.files);
        Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
        try {
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

    /** Stops the broker gracefully: SIGTERM, then SIGKILL if it has not exited within 30 s. Idempotent. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        long started = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Broker pid {} did not stop within {} s; killing it", process.pid(), STOP_TIMEOUT.toSeconds());
                kill();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            return;
        }
        LOG.info("Stopped broker {} (pid {}) in {} ms", bootstrapServers(), process.pid(), millisSince(started));
    }

    /** Kills the broker JVM with SIGKILL, as a crash would, and waits until it is gone. */
    public synchronized void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        boolean interrupted = false;
        long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true; // finish waiting: the caller relies on the process being gone
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            throw new BrokerException("broker pid " + process.pid() + " is still alive after SIGKILL");
        }
        LOG.info("Killed broker {} (pid {})", bootstrapServers(), process.pid());
    }

    /**
     * Starts the broker again on the same ports and data dir, without formatting, stopping it
     * gracefully first if it is running. Waits until it serves clients.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("the broker has been closed");
        }
        stop();
        launch();
    }

    /** Stops the broker (see {@link #stop()}); it cannot be restarted afterwards. */
    @Override
    public synchronized void close() {
        stop();
        if (!closed) {
            closed = true;
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down (possibly in this very hook).
            }
        }
    }

    private synchronized void launch() {
        checkPortsFree();
        long started = System.nanoTime();
        try {
            process = ChildJvm.start(jvmOptions(), BrokerMain.class.getName(),
                List.of(files.serverProperties().toString()), files.dataDir(), files.logFile());
        } catch (IOException e) {
            throw new BrokerException("cannot start the broker JVM: " + e.getMessage(), e);
        }
        try {
            BrokerReadiness.await(process, BrokerFiles.HOST, settings.port(), READY_TIMEOUT);
        } catch (BrokerReadiness.NotReadyException e) {
            process.destroyForcibly();
            throw new BrokerException(failure("did not become ready: " + e.getMessage()));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BrokerException(failure("was interrupted while starting"), e);
        }
        LOG.info("Broker {} ready in {} ms (pid {}, heap {}, data {})",
            bootstrapServers(), millisSince(started), process.pid(), settings.heap(), files.dataDir());
    }

    private List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of(
            "-Xmx" + settings.heap(),
            // Kafka's own defaults from kafka-run-class.sh.
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true"));
        options.addAll(files.loggingJvmOptions());
        return options;
    }

    private String failure(String what) {
        return "Kafka broker " + bootstrapServers() + " (data " + files.dataDir() + ") " + what
            + ". Last lines of " + files.logFile() + ":\n" + files.logTail(LOG_TAIL_LINES);
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
