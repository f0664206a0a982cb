package dev.hazina.harness.chaos;

import java.io.IOException;
import java.io.InputStream;

import dev.hazina.app.HazinaCommand;

/**
 * Main class of a chaos-harness ledger instance: exactly {@code hazina <args>} (the harness passes
 * {@code run --config FILE --register-schemas}), plus a watch on stdin so the instance does not outlive
 * the harness.
 *
 * <p>The harness holds the child's stdin open and never writes to it, like the broker's parent pipe
 * (see {@code BrokerMain}): end-of-file means the harness died, even by {@code kill -9}, and the
 * instance then shuts down cleanly through {@code hazina run}'s shutdown hook. A {@code kill -9} of the
 * instance itself is unaffected.
 */
public final class LedgerChildMain {

    private LedgerChildMain() {
    }

    public static void main(String[] args) {
        Thread watcher = new Thread(() -> exitWhenClosed(System.in), "hazina-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        System.exit(HazinaCommand.run(args));
    }

    private static void exitWhenClosed(InputStream parentPipe) {
        try {
            while (parentPipe.read() >= 0) {
                // The parent never writes; ignore anything that arrives.
            }
        } catch (IOException e) {
            // A broken pipe also means the parent is gone.
        }
        System.err.println("hazina: stdin closed (the chaos harness is gone); shutting the ledger down");
        System.exit(0);
    }
}
