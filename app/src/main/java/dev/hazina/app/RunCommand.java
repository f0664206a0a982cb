package dev.hazina.app;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.app.ledger.MetricsServer;
import dev.hazina.topology.LedgerConfig;

/**
 * {@code hazina run}: the production entry point. Exit codes: 0 after a clean shutdown (SIGTERM),
 * 1 when the ledger stopped on an error, 2 for a bad command line or setting.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs the ledger against a Kafka cluster until SIGTERM. Refuses to start on topics that are "
        + "not co-partitioned. Exit codes: 0 clean shutdown, 1 ledger error, 2 bad configuration."})
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--register-schemas", description = "Register every schema (BACKWARD) before starting.")
    boolean registerSchemas;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve Prometheus metrics on this port (0 = off, the default).")
    int metricsPort;

    @Override
    public Integer call() throws Exception {
        LedgerConfig ledger;
        try {
            ledger = config.load();
        } catch (org.apache.kafka.common.config.ConfigException e) {
            spec.commandLine().getErr().println("hazina run: bad configuration: " + e.getMessage());
            return 2;
        }
        if (registerSchemas) {
            LedgerRunner.registerSchemas(ledger).forEach((subject, id) -> LOG.info("Schema {} has id {}", subject, id));
        }
        LedgerRunner runner = LedgerRunner.start(ledger, Duration.ofMinutes(5));
        MetricsServer metrics = metricsPort > 0 ? MetricsServer.start(metricsPort, runner.streams()) : null;
        Thread shutdown = new Thread(() -> {
            LOG.info("Shutting down the ledger");
            runner.close();
        }, "hazina-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        spec.commandLine().getOut().println("Hazina ledger running (application.id " + ledger.applicationId() + ", "
            + ledger.bootstrapServers() + "). Stop with SIGTERM or Ctrl-C.");
        boolean failed = runner.awaitStop();
        if (metrics != null) {
            metrics.close();
        }
        if (failed) {
            LOG.error("Ledger stopped on an error", runner.failure());
            return 1;
        }
        return 0;
    }
}
