package dev.hazina.bench.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java Flight Recorder on a running JVM, through {@code jcmd}: start a recording with the
 * {@code profile} settings (method samples every 10-20 ms), and dump it to a file.
 */
public final class Jfr {

    private static final Logger LOG = LoggerFactory.getLogger(Jfr.class);
    private static final String NAME = "hazina-bench";

    private Jfr() {
    }

    /** Starts a recording in this JVM (a JVM cannot attach jcmd to itself by default). */
    public static Recording startHere() {
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName(NAME);
            recording.start();
            return recording;
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("cannot start JFR in this JVM", e);
        }
    }

    /** Starts a recording in JVM {@code pid}; false (and a warning) if jcmd fails. */
    public static boolean start(long pid) {
        return jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile");
    }

    /** Writes what JVM {@code pid} has recorded so far to {@code file}. */
    public static boolean dump(long pid, Path file) {
        return jcmd(pid, "JFR.dump", "name=" + NAME, "filename=" + file.toAbsolutePath());
    }

    private static boolean jcmd(long pid, String... command) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.warn("{} timed out", line);
                return false;
            }
            if (process.exitValue() != 0 || output.contains("Could not") || output.contains("Exception")) {
                LOG.warn("{} failed: {}", line, output.trim());
                return false;
            }
            return true;
        } catch (IOException e) {
            LOG.warn("{} failed: {}", line, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
