package dev.hazina.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hazina.app.ChannelProducer;
import dev.hazina.app.http.HttpAccess;
import dev.hazina.app.ledger.LedgerHttp;
import dev.hazina.app.ledger.LedgerMetrics;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.app.query.LedgerQueries;
import dev.hazina.harness.LivePageBrowser.Reading;
import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.harness.demo.ChannelSession;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.schemas.ApicurioServer;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopicsAdmin;

/**
 * The live operator page ({@code /live}) in a real headless Chromium, against the ledger on a real
 * broker and registry: it moves while traffic flows, it shows exactly what {@code /metrics} says
 * once the ledger is quiet, and it says so when it cannot read {@code /metrics}.
 */
class LivePageIT {

    private static final Path WORK = ApicurioServer.dirProperty("hazina.it.work.dir", "target/it").resolve("live-page");
    private static final Path BROWSER_PROJECT = ApicurioServer.dirProperty("hazina.browser.dir", "src/test/browser");
    private static final String LOCALHOST = "127.0.0.1";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final int HOSTILE_RECORDS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Workspace workspace;
    private static LedgerHttp http;
    private static ChannelSession channel;
    private static Population population;
    private static LedgerConfig config;
    private static int port;

    /** The numbers the page shows, as this test reads them from one /metrics scrape. */
    private record Expected(long decisions, Map<String, Long> outcomes, long duplicates, long deadLetters,
                            Map<String, Long> deadLettersByReason, Double sagasInFlight, boolean fraud,
                            boolean reconciliation) {
    }

    @BeforeAll
    static void startEverything() throws Exception {
        // Kept after the run: the broker's, registry's and browser's logs are in it.
        workspace = Workspace.in(WORK, "live-page");
        KafkaBroker broker = workspace.push(KafkaBroker.start(BrokerSettings.of(Files.createTempDirectory(WORK, "broker"))));
        ApicurioServer registry = workspace.push(ApicurioServer.start(
            ApicurioServer.dirProperty("hazina.registry.server.dir", "../registry-server/target"), WORK));
        port = FreePorts.freePort();
        config = config(broker.bootstrapServers(), registry.url(), port);
        try (Admin admin = LedgerRunner.admin(config)) {
            new LedgerTopicsAdmin(config).createOrVerify(admin);
        }
        LedgerRunner.registerSchemas(config);
        LedgerRunner ledger = workspace.push(LedgerRunner.start(config, Duration.ofMinutes(2)));
        http = LedgerHttp.start(LOCALHOST, port, new LedgerQueries(ledger.streams(), new HostInfo(LOCALHOST, port), config,
            Clock.systemUTC()), new LedgerMetrics(ledger.streams(), ledger.registry()), HttpAccess.open());
        // The test itself stops serving HTTP; what it has not stopped stops at the end.
        workspace.push(() -> {
            if (http != null) {
                http.close();
            }
        });
        channel = workspace.push(new ChannelSession(config));
        population = Population.of(60);
        channel.setUp(population);
    }

    @AfterAll
    static void stopEverything() {
        if (workspace != null) {
            workspace.close();
        }
    }

    @Test
    void shouldShowTheLedgerLiveAndSayWhenItCannotReadItsMetrics() throws Exception {
        try (LivePageBrowser browser = LivePageBrowser.start(BROWSER_PROJECT, WORK)) {
            // Given: the page open in headless Chromium, the setup's decisions counted, and a quiet ledger
            browser.open(url(LedgerHttp.LIVE_PATH));
            Reading opened = browser.read();
            assertThat(opened.bannerVisible()).as("error banner: %s", opened.bannerText()).isFalse();
            assertThat(opened.number("decisions-total")).as("decisions of the setup").isPositive();
            Reading quiet = awaitPage(browser, Duration.ofSeconds(30), "a throughput of 0 once the setup is done",
                reading -> reading.number("tps") == 0);

            // When: traffic flows, in the background
            TrafficGenerator traffic = TrafficGenerator.standard(population, 17, "live-" + UUID.randomUUID());
            CompletableFuture<LoadDriver.Sent> load = CompletableFuture.supplyAsync(() -> channel.load(traffic, 1_200, 100));

            // Then: while it flows, the page shows decisions per second and a total that grows
            Reading moving = awaitPage(browser, Duration.ofSeconds(30), "a throughput above 0 while traffic flows",
                reading -> reading.number("tps") > 0);
            assertThat(moving.number("decisions-total")).isGreaterThan(quiet.number("decisions-total"));
            Thread.sleep(2_500);
            Reading later = browser.read();
            assertThat(later.number("decisions-total")).as("total decisions between two reads")
                .isGreaterThan(moving.number("decisions-total"));
            double p50 = later.number("latency-p50");
            assertThat(p50).as("p50 estimate, %s", later.shown("latency-p50")).isPositive();
            assertThat(later.number("latency-p95")).as("p95 estimate").isGreaterThanOrEqualTo(p50);
            assertThat(later.number("latency-p99")).as("p99 estimate").isGreaterThanOrEqualTo(later.number("latency-p95"));

            // When: the traffic stops, a few records the ledger cannot read come in, and every request has its outcome
            LoadDriver.Sent sent = load.get();
            try (ChannelProducer producer = new ChannelProducer(config)) {
                for (int i = 0; i < HOSTILE_RECORDS; i++) {
                    producer.sendRaw(population.customers().get(i), "{\"amount\":100}".getBytes(StandardCharsets.UTF_8));
                }
                producer.flush();
            }
            int missing = channel.awaitOutcomes("Outcomes", ChannelSession.expectingResults(sent.records()),
                Duration.ofMinutes(2));
            assertThat(missing).as("requests without an outcome").isZero();
            Expected expected = awaitStableScrape(Duration.ofSeconds(30));
            long scrapedAt = System.currentTimeMillis();

            // Then: once the page has read /metrics since, it shows exactly what the scrape says
            Reading settled = awaitPage(browser, Duration.ofSeconds(20), "a scrape after the ledger went quiet",
                reading -> reading.number("last-updated") > scrapedAt + 500);
            assertThat(expected.deadLetters()).as("dead letters on /metrics").isGreaterThanOrEqualTo(HOSTILE_RECORDS);
            assertThat((long) settled.number("decisions-total")).as("total decisions").isEqualTo(expected.decisions());
            assertThat(settled.counts("outcome:")).as("outcomes by status/reason").isEqualTo(expected.outcomes());
            assertThat((long) settled.number("duplicate-answers")).as("duplicate answers").isEqualTo(expected.duplicates());
            assertThat((long) settled.number("dead-letters-total")).as("dead letters").isEqualTo(expected.deadLetters());
            assertThat(settled.counts("dead-letters:")).as("dead letters by reason")
                .isEqualTo(expected.deadLettersByReason());
            if (expected.sagasInFlight() == null) {
                assertThat(settled.shown("sagas-in-flight").text()).as("sagas in flight, absent from /metrics").isEqualTo("n/a");
                assertThat(settled.shown("saga-oldest-age").text()).as("oldest saga, absent from /metrics").isEqualTo("n/a");
            } else {
                assertThat(settled.number("sagas-in-flight")).as("sagas in flight").isEqualTo(expected.sagasInFlight());
            }
            assertThat(settled.shown("fraud-state").value()).isEqualTo(expected.fraud() ? "running" : "not running");
            assertThat(settled.shown("reconciliation-state").value())
                .isEqualTo(expected.reconciliation() ? "running" : "not running");
            assertThat(settled.bannerVisible()).as("error banner: %s", settled.bannerText()).isFalse();

            // When: the instance stops serving HTTP
            http.close();
            http = null;

            // Then: the page says it cannot read /metrics, and keeps the last numbers it had
            Reading failing = awaitPage(browser, Duration.ofSeconds(20), "the error banner", Reading::bannerVisible);
            assertThat(failing.bannerText()).contains("Cannot read /metrics").contains("stale");
            assertThat((long) failing.number("decisions-total")).isEqualTo(expected.decisions());
        }
    }

    private interface Check {
        boolean test(Reading reading);
    }

    private static Reading awaitPage(LivePageBrowser browser, Duration timeout, String what, Check check)
        throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reading reading = browser.read();
        while (!check.test(reading)) {
            assertThat(System.nanoTime()).as("the page shows %s within %s; it shows %s", what, timeout, reading)
                .isLessThan(deadline);
            Thread.sleep(250);
            reading = browser.read();
        }
        return reading;
    }

    /** Scrapes /metrics each second until two scrapes in a row agree, then what they say. */
    private static Expected awaitStableScrape(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Expected previous = expected(scrape());
        while (true) {
            Thread.sleep(1_000);
            Expected current = expected(scrape());
            if (current.equals(previous)) {
                return current;
            }
            assertThat(System.nanoTime()).as("/metrics stable within %s; last %s", timeout, current).isLessThan(deadline);
            previous = current;
        }
    }

    private static Expected expected(String metrics) {
        long decisions = 0;
        long duplicates = 0;
        long deadLetters = 0;
        Double sagas = null;
        boolean fraud = false;
        boolean reconciliation = false;
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, Long> deadByReason = new TreeMap<>();
        for (String line : metrics.lines().toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find()) {
                continue;
            }
            String name = sample.group(1);
            Map<String, String> labels = labels(sample.group(2));
            double value = Double.parseDouble(sample.group(3));
            fraud |= name.startsWith("hazina_fraud_");
            reconciliation |= name.startsWith("hazina_reconciliation_");
            switch (name) {
                case "hazina_decisions_total" -> {
                    decisions += (long) value;
                    outcomes.merge(labels.get("status") + "/" + labels.get("reason"), (long) value, Long::sum);
                }
                case "hazina_duplicate_answers_total" -> duplicates += (long) value;
                case "hazina_dead_letters_total" -> {
                    deadLetters += (long) value;
                    deadByReason.merge(labels.get("reason"), (long) value, Long::sum);
                }
                case "hazina_sagas_in_flight" -> sagas = (sagas == null ? 0 : sagas) + value;
                default -> {
                    // not on the page, or not compared
                }
            }
        }
        return new Expected(decisions, outcomes, duplicates, deadLetters, deadByReason, sagas, fraud, reconciliation);
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new HashMap<>();
        if (text != null) {
            Matcher label = LABEL.matcher(text);
            while (label.find()) {
                labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return labels;
    }

    private static String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/metrics")))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
        return response.body();
    }

    private static String url(String path) {
        return "http://" + LOCALHOST + ":" + port + path;
    }

    private static LedgerConfig config(String bootstrapServers, String registryUrl, int httpPort) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(LedgerConfig.STREAMS_PREFIX + StreamsConfig.APPLICATION_SERVER_CONFIG, LOCALHOST + ":" + httpPort);
        settings.put(LedgerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        settings.put(LedgerConfig.APPLICATION_ID_CONFIG, "hazina-live-page");
        settings.put(LedgerConfig.PARTITIONS_CONFIG, 4);
        settings.put(LedgerConfig.REPLICATION_FACTOR_CONFIG, (short) 1);
        settings.put(LedgerConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
        // Fresh each run: a state directory left by an earlier cluster would not match this one's changelogs.
        settings.put(LedgerConfig.STATE_DIR_CONFIG, WORK.resolve("state-" + UUID.randomUUID()).toString());
        return new LedgerConfig(settings);
    }

}
