package dev.hazina.harness.broker;

import java.io.IOException;
import java.io.InputStream;

/**
 * Main class of the child broker JVM: runs {@code kafka.Kafka} with a {@code server.properties} path,
 * and shuts the broker down cleanly when the parent JVM goes away.
 *
 * <p>The parent holds the child's stdin open and never writes to it, so end-of-file on stdin means the
 * parent is stopping the broker ({@code Process.destroy} closes the pipe) or has died, even by
 * {@code kill -9}, which runs no shutdown hooks. Without this the broker would
 * live on as an orphan, holding its ports and data dir.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) {
        Thread watcher = new Thread(() -> exitWhenClosed(System.in), "hazina-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        kafka.Kafka.main(args);
    }

    private static void exitWhenClosed(InputStream parentPipe) {
        try {
            while (parentPipe.read() >= 0) {
                // The parent never writes; ignore anything that arrives.
            }
        } catch (IOException e) {
            // A broken pipe also means the parent is gone.
        }
        System.err.println("hazina: stdin closed (the parent stopped the broker or died); shutting down");
        // System.exit runs kafka.Kafka's shutdown hook, which stops the broker cleanly.
        System.exit(0);
    }
}
