package dev.hazina.harness;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hazina.schemas.NodeProject;

/**
 * The live page in Debian's headless Chromium, driven by {@code src/test/browser/live-page.js}
 * (npm playwright-core, which never downloads a browser of its own). A missing Chromium, node or
 * npm is a test failure that says what to install, never a skip.
 */
final class LivePageBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EOF = "";

    /** What one data-metric element shows: its text, and its raw number ("" when it shows none). */
    record Shown(String text, String value) {
    }

    /** The page at one moment. */
    record Reading(Map<String, Shown> metrics, boolean bannerVisible, String bannerText) {

        Shown shown(String id) {
            Shown shown = metrics.get(id);
            if (shown == null) {
                throw new AssertionError("the page has no data-metric=\"" + id + "\"; it has " + metrics.keySet());
            }
            return shown;
        }

        /** The raw number behind {@code id}, or NaN when the page shows none. */
        double number(String id) {
            String value = shown(id).value();
            return value.isEmpty() ? Double.NaN : Double.parseDouble(value);
        }

        /** Every data-metric id that starts with {@code prefix}, without it, to its raw number. */
        Map<String, Long> counts(String prefix) {
            Map<String, Long> counts = new LinkedHashMap<>();
            metrics.forEach((id, shown) -> {
                if (id.startsWith(prefix)) {
                    counts.put(id.substring(prefix.length()), (long) Double.parseDouble(shown.value()));
                }
            });
            return counts;
        }
    }

    private final Process process;
    private final BufferedWriter commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path log;

    private LivePageBrowser(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    answers.add(line);
                }
            } catch (IOException e) {
                // the process ended; EOF below says so
            }
            answers.add(EOF);
        }, "live-page-browser");
        reader.setDaemon(true);
        reader.start();
    }

    /** Checks Chromium, installs the Node project in {@code projectDir} if need be, and starts the driver. */
    static LivePageBrowser start(Path projectDir, Path workDir) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError("No Chromium at " + CHROMIUM + "; the live page test drives Debian's headless "
                + "Chromium (apt-get install chromium)");
        }
        NodeProject project = NodeProject.install(projectDir, "playwright-core");
        Path log = workDir.resolve("browser.log");
        return new LivePageBrowser(project.start(log, "node", "live-page.js"), log);
    }

    /** Launches Chromium and loads {@code url}, waiting for the page's first scrape. */
    void open(String url) throws IOException, InterruptedException {
        ObjectNode open = JSON.createObjectNode().put("op", "open").put("url", url);
        call(open, Duration.ofSeconds(90));
    }

    Reading read() throws IOException, InterruptedException {
        JsonNode answer = call(JSON.createObjectNode().put("op", "read"), Duration.ofSeconds(30));
        Map<String, Shown> metrics = new LinkedHashMap<>();
        answer.path("metrics").properties().forEach(entry -> metrics.put(entry.getKey(),
            new Shown(entry.getValue().path("text").asText(), entry.getValue().path("value").asText())));
        JsonNode banner = answer.path("banner");
        return new Reading(metrics, banner.path("visible").asBoolean(), banner.path("text").asText());
    }

    private JsonNode call(ObjectNode instruction, Duration timeout) throws IOException, InterruptedException {
        commands.write(JSON.writeValueAsString(instruction));
        commands.newLine();
        commands.flush();
        String line = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null || line.equals(EOF)) {
            throw new AssertionError("live-page.js " + (line == null ? "did not answer " + instruction + " within "
                + timeout : "ended") + "; its log:\n" + logText());
        }
        JsonNode answer = JSON.readTree(line);
        if (!answer.path("ok").asBoolean()) {
            throw new AssertionError("live-page.js could not " + instruction + ": " + answer.path("error").asText()
                + "\nits log:\n" + logText());
        }
        return answer;
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(none)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            call(JSON.createObjectNode().put("op", "quit"), Duration.ofSeconds(20));
        } catch (IOException | AssertionError e) {
            // it is stopped below either way
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
