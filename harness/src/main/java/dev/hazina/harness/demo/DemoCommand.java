package dev.hazina.harness.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.hazina.harness.connect.ConnectFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hazina demo}: the whole ledger on a real embedded broker, with synthetic traffic and a checked summary. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Starts a real KRaft broker (and its controller) and the ledger, opens and funds accounts, drives "
        + "synthetic channel traffic, and prints a summary read back from the output topics, with the invariant "
        + "checks. Exits 1 if any check fails."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--transfers", defaultValue = "20000", description = "Transfers to send (default ${DEFAULT-VALUE}).")
    int transfers;

    @Option(names = "--accounts", defaultValue = "2000", description = "Accounts to open (default ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "TPS", description = "Open-loop send rate (default ${DEFAULT-VALUE}/s).")
    int rate;

    @Option(names = "--partitions", defaultValue = "8", description = "Partitions per topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--registry-url", defaultValue = "mock://hazina-demo", paramLabel = "URL",
        description = "Schema registry (default ${DEFAULT-VALUE}, in-process). A Confluent-compatible URL uses a real one.")
    String registryUrl;

    @Option(names = "--seed", defaultValue = "42", description = "Traffic seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the summary as JSON.")
    Path report;

    @Option(names = "--with-connect", description = {"Also starts PostgreSQL and Hazina's Kafka Connect worker, deploys "
        + "the sinks of connectors/, and prints the rows landed per table against the records per topic. Needs a real "
        + "--registry-url, PostgreSQL's binaries and the connectors module built."})
    boolean withConnect;

    @Option(names = "--fraud-share", defaultValue = "0.005", paramLabel = "SHARE",
        description = {"Labelled fraud scenarios to inject, per record sent (default ${DEFAULT-VALUE}: 100 in 20,000); "
            + "0 turns them off. After the summary the demo prints recall, precision, money stopped and lost, and "
            + "detection latency per scenario kind."})
    double fraudShare;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (transfers < 1 || accounts < 10 || rate < 1 || partitions < 1 || fraudShare < 0 || fraudShare > 1) {
            throw new IllegalArgumentException("--transfers, --rate and --partitions must be positive, --accounts at least 10, "
                + "--fraud-share between 0 and 1");
        }
        if (withConnect) {
            Optional<String> unmet = DemoConnect.unmet(registryUrl, ConnectFiles.fromSystemProperty());
            if (unmet.isPresent()) {
                spec.commandLine().getErr().println("hazina demo: " + unmet.get());
                return 2;
            }
        }
        Demo demo = new Demo(new Demo.Options(transfers, accounts, rate, partitions, registryUrl, seed,
            Duration.ofSeconds(60), withConnect, fraudShare), System.out);
        DemoReport result = demo.run();
        if (report != null) {
            result.writeJson(report);
            System.out.println("Report written to " + report);
        }
        return result.ok() ? 0 : 1;
    }
}
