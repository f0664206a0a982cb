package dev.hazina.harness.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import dev.hazina.app.HazinaCommand;
import dev.hazina.topology.LedgerConfig;

/**
 * The end of the demo's day for merchants and agents: closes the KES settlement window with the
 * operator's own command ({@code hazina settlement close}) and waits for {@code hazina settlement
 * list} to show it PENDING_SETTLEMENT, its batches complete.
 */
final class DemoSettlement {

    private DemoSettlement() {
    }

    /** The window list once the first KES window awaits settlement, or the last list with a note when it does not in time. */
    static String closeKes(LedgerConfig config, Path dir, Duration timeout) throws IOException, InterruptedException {
        Path file = settingsFile(config, dir);
        String close = hazina("settlement", "close", "--currency", "KES", "--operator", "demo", "--config", file.toString());
        long deadline = System.nanoTime() + timeout.toNanos();
        String list;
        do {
            Thread.sleep(500);
            list = hazina("settlement", "list", "--currency", "KES", "--config", file.toString());
        } while (!list.contains("PENDING_SETTLEMENT") && System.nanoTime() < deadline);
        return "$ hazina settlement close --currency KES\n" + close + "$ hazina settlement list --currency KES\n" + list
            + (list.contains("PENDING_SETTLEMENT") ? "" : "(not PENDING_SETTLEMENT after " + timeout.toSeconds() + " s)\n");
    }

    /** The demo's settings in {@code dir/hazina.properties}, for the operator commands' {@code --config}. */
    static Path settingsFile(LedgerConfig config, Path dir) throws IOException {
        Path file = dir.resolve("hazina.properties");
        Properties properties = new Properties();
        config.originals().forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "the demo's settings, for the operator commands");
        }
        return file;
    }

    /** Runs one {@code hazina} command line in this JVM; returns what it printed. */
    static String hazina(String... args) {
        StringWriter out = new StringWriter();
        HazinaCommand.run(new PrintWriter(out, true), new PrintWriter(out, true), args);
        return out.toString();
    }
}
