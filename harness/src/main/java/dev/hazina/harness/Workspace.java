package dev.hazina.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The harness's one workspace: a folder for a run (a fresh temporary one, or one the user named),
 * a stack of what the run started, and a shutdown hook. {@link #close()} closes everything pushed,
 * last first, then deletes a temporary folder unless told to {@link #keep} it; the shutdown hook does
 * the same on Ctrl-C. A failing step is logged and the rest still run.
 */
public final class Workspace implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);

    private final Path dir;
    private final boolean temporary;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Thread hook;
    private volatile boolean keep;
    private boolean closed;

    private Workspace(Path dir, boolean temporary, String name) {
        this.dir = dir;
        this.temporary = temporary;
        this.hook = new Thread(this::cleanUp, name + "cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A fresh temporary folder named {@code prefix...}, deleted at the end. */
    public static Workspace temporary(String prefix) throws IOException {
        return new Workspace(Files.createTempDirectory(prefix), true, prefix);
    }

    /** {@code dir} (created if need be), kept at the end; a temporary folder as by {@link #temporary} if null. */
    public static Workspace in(Path dir, String prefix) throws IOException {
        return dir == null ? temporary(prefix) : new Workspace(Files.createDirectories(dir), false, prefix);
    }

    public Path dir() {
        return dir;
    }

    /** Closes {@code resource} at the end, before whatever was pushed earlier; returns it. */
    public <T extends AutoCloseable> T push(T resource) {
        synchronized (this) {
            resources.push(resource);
        }
        return resource;
    }

    /** Whether to keep a temporary folder at the end (e.g. because the run failed and its logs matter). */
    public void keep(boolean keep) {
        this.keep = keep;
    }

    /** Whether {@link #close()} deletes the folder: it is temporary and not kept. */
    public boolean deletesOnClose() {
        return temporary && !keep;
    }

    @Override
    public void close() {
        cleanUp();
        removeShutdownHook(hook);
    }

    /** Removes {@code hook}, unless the JVM is already shutting down (possibly in that very hook). */
    static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    private synchronized void cleanUp() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.warn("Cleanup step failed: {}", e.toString());
            }
        }
        if (!closed && deletesOnClose()) {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                LOG.warn("Cannot delete {}: {}", dir, e.toString());
            }
        }
        closed = true;
    }

    /** Deletes {@code dir} and everything below it; nothing if it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
