package dev.hazina.harness.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Waits until a freshly launched Kafka node serves requests: its port accepts connections, then an
 * Admin client's {@code describeCluster} lists a live node. Fails early if the process exits.
 */
final class BrokerReadiness {

    private static final long POLL_MILLIS = 100;
    private static final int REQUEST_TIMEOUT_MS = 2_000;

    private BrokerReadiness() {
    }

    /**
     * Blocks until the node at {@code host:port} is ready.
     *
     * @param bootstrapConfig {@link AdminClientConfig#BOOTSTRAP_SERVERS_CONFIG} for a broker,
     *                        {@link AdminClientConfig#BOOTSTRAP_CONTROLLERS_CONFIG} for a controller
     * @throws NotReadyException if {@code broker} exits first or {@code timeout} passes
     * @throws InterruptedException if interrupted while waiting
     */
    static void await(Process broker, String host, int port, String bootstrapConfig, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String waited = "within " + timeout.toSeconds() + " s, ";
        while (!accepts(host, port)) {
            checkAlive(broker);
            checkDeadline(deadline, waited + "port " + port + " never accepted a connection");
            Thread.sleep(POLL_MILLIS);
        }
        try (Admin admin = Admin.create(Map.of(
                bootstrapConfig, host + ":" + port,
                AdminClientConfig.CLIENT_ID_CONFIG, "hazina-broker-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, POLL_MILLIS))) {
            while (true) {
                checkAlive(broker);
                checkDeadline(deadline, waited + "describeCluster never listed a live node");
                if (!liveNodes(admin).isEmpty()) {
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    private static Collection<Node> liveNodes(Admin admin) throws InterruptedException {
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(REQUEST_TIMEOUT_MS))
                .nodes()
                .get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) POLL_MILLIS * 5);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void checkAlive(Process broker) {
        if (!broker.isAlive()) {
            throw new NotReadyException("its process exited with code " + broker.exitValue());
        }
    }

    private static void checkDeadline(long deadline, String reason) {
        if (System.nanoTime() > deadline) {
            throw new NotReadyException(reason);
        }
    }

    /** Why the broker is not ready; KafkaBroker adds the context and the log tail. */
    static final class NotReadyException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NotReadyException(String reason) {
            super(reason);
        }
    }
}
