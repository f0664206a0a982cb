package dev.hazina.harness.traffic;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import dev.hazina.app.ConfigOptions;
import dev.hazina.harness.demo.ChannelSession;
import dev.hazina.topology.LedgerConfig;

/** {@code hazina load}: the demo's synthetic channel traffic, pointed at any cluster. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = {"Sends the demo's channel mix (Zipf-skewed accounts, ~1%% retries, ~0.5%% invalid or hostile) "
        + "to a running ledger at a fixed open-loop rate, and reports outcomes and end-to-end latency."})
public final class LoadCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "B", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "TPS", description = "Requests per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--duration", defaultValue = "PT30S", paramLabel = "D",
        description = "How long to send, ISO-8601 (default ${DEFAULT-VALUE}); e.g. PT2M.")
    Duration duration;

    @Option(names = "--accounts", defaultValue = "2000", description = "Size of the synthetic population (default ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--setup", description = "Open and fund the population first (once per cluster).")
    boolean setup;

    @Option(names = "--seed", defaultValue = "7", description = "Traffic seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put(LedgerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        LedgerConfig ledger = config.load(overrides);
        Population population = Population.of(accounts);
        int count = (int) Math.min(Integer.MAX_VALUE, rate * duration.toSeconds());
        try (ChannelSession channel = new ChannelSession(ledger)) {
            if (setup) {
                channel.setUp(population);
            }
            String runId = "load-" + UUID.randomUUID().toString().substring(0, 8);
            LoadDriver.Sent sent = channel.load(TrafficGenerator.standard(population, seed, runId), count, rate);
            Set<String> expected = ChannelSession.expectingResults(sent.records());
            int missing = channel.awaitOutcomes("Outcomes", expected, Duration.ofSeconds(60));
            Histogram latency = channel.watcher().latencies();
            spec.commandLine().getOut().printf("sent %,d records (%,d owed a result) in %.1f s; %,d without an outcome; "
                    + "%,d duplicates answered%n", sent.records().size(), expected.size(),
                (sent.finishedAtMs() - sent.startedAtMs()) / 1000.0, missing, channel.watcher().duplicatesAnswered());
            spec.commandLine().getOut().printf("latency ms: p50 %d  p95 %d  p99 %d  max %d%n", latency.getValueAtPercentile(50),
                latency.getValueAtPercentile(95), latency.getValueAtPercentile(99), latency.getMaxValue());
            return missing == 0 ? 0 : 1;
        }
    }
}
