package dev.hazina.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.hazina.app.http.HttpAccess;
import dev.hazina.app.http.HttpConfig;
import dev.hazina.app.http.MetricsHttp;
import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.reconciliation.stream.ReconciliationRunner;
import dev.hazina.reconciliation.stream.ReconciliationStatus;
import dev.hazina.topology.LedgerConfig;

/** {@code hazina reconcile run}: the reconciliation stream, a Kafka Streams application of its own beside the ledger. */
@Command(name = "reconcile", mixinStandardHelpOptions = true, description = "Run Hazina's reconciliation stream.",
    subcommands = ReconcileCommand.Run.class)
final class ReconcileCommand {

    /** The reconciliation stream's settings from the same sources as the ledger's, with its client security. */
    static ReconciliationConfig reconciliationConfig(LedgerConfig ledger) {
        return ReconciliationConfig.of(ledger.originals(), ledger.kafkaSecurityConfig());
    }

    /** Exit codes as for {@code hazina run}: 0 clean shutdown, 1 stream error, 2 bad configuration. */
    @Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the reconciliation stream until SIGTERM: checks every account's sequence chain, every "
            + "transfer's balance, conservation per currency and window, and finds stuck sagas, publishing RAISED and "
            + "CLEARED alerts to hazina.reconciliation-alerts. Logs its status (OK or ALERT, open alerts per check) "
            + "when it changes. Exit codes: 0 clean shutdown, 1 stream error, 2 bad configuration."})
    static final class Run implements Callable<Integer> {

        private static final Logger LOG = LoggerFactory.getLogger(Run.class);
        private static final Duration STATUS_INTERVAL = Duration.ofSeconds(10);

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Option(names = "--register-schemas", description = "Register the reconciliation stream's schemas (BACKWARD) before starting.")
        boolean registerSchemas;

        @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus /metrics (the stream's meters, Kafka Streams' and the JVM's) on this port, to the "
                + "monitor and ops HTTP users of hazina.http.users.file (0 = off, the default).")
        int metricsPort;

        @Override
        public Integer call() throws Exception {
            ReconciliationConfig reconciliation;
            HttpAccess access;
            try {
                LedgerConfig ledger = config.load();
                reconciliation = reconciliationConfig(ledger);
                access = metricsPort > 0 ? new HttpConfig(ledger.originals()).access() : null;
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("hazina reconcile run: bad configuration: " + e.getMessage());
                return 2;
            }
            if (registerSchemas) {
                ReconciliationRunner.registerSchemas(reconciliation)
                    .forEach((subject, id) -> LOG.info("Schema {} has id {}", subject, id));
            }
            PrometheusMeterRegistry registry = metricsPort > 0 ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
            ReconciliationRunner runner = ReconciliationRunner.start(reconciliation, registry, List.of(), Duration.ofMinutes(5));
            MetricsHttp metrics = registry == null ? null : MetricsHttp.start("0.0.0.0", metricsPort, registry, runner.streams(), access);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("Shutting down the reconciliation stream");
                runner.close();
            }, "hazina-reconciliation-shutdown"));
            spec.commandLine().getOut().println("Hazina reconciliation stream running (application.id "
                + reconciliation.applicationId() + ", " + reconciliation.bootstrapServers() + "). Stop with SIGTERM or Ctrl-C.");
            if (metrics != null) {
                spec.commandLine().getOut().println("Prometheus metrics on port " + metrics.port() + MetricsHttp.PATH);
            }
            String last = "";
            while (!runner.awaitStop(STATUS_INTERVAL)) {
                ReconciliationStatus status = runner.status();
                String line = status.state() + " " + status.openByCheck();
                if (!line.equals(last)) {
                    LOG.info("Reconciliation status: {}", status);
                    last = line;
                }
            }
            if (metrics != null) {
                metrics.close();
            }
            if (runner.failure() != null) {
                LOG.error("Reconciliation stream stopped on an error", runner.failure());
                return 1;
            }
            return 0;
        }
    }
}
