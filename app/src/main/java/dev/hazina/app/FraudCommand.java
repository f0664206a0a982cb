package dev.hazina.app;

import java.time.Duration;
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
import dev.hazina.fraud.FraudConfig;
import dev.hazina.fraud.FraudRunner;
import dev.hazina.topology.LedgerConfig;

/** {@code hazina fraud run}: the fraud stream, a Kafka Streams application of its own beside the ledger. */
@Command(name = "fraud", mixinStandardHelpOptions = true, description = "Run Hazina's fraud stream.",
    subcommands = FraudCommand.Run.class)
final class FraudCommand {

    /** Exit codes as for {@code hazina run}: 0 clean shutdown, 1 stream error, 2 bad configuration. */
    @Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the fraud stream until SIGTERM: scores every transfer result, account event and telco "
            + "signal, publishes alerts and per-account risk verdicts the ledger enforces. Creates its topics and "
            + "refuses to start unless they are co-partitioned with the ledger's. Exit codes: 0 clean shutdown, "
            + "1 stream error, 2 bad configuration."})
    static final class Run implements Callable<Integer> {

        private static final Logger LOG = LoggerFactory.getLogger(Run.class);

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Option(names = "--register-schemas", description = "Register the fraud stream's schemas (BACKWARD) before starting.")
        boolean registerSchemas;

        @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus /metrics (the stream's meters, Kafka Streams' and the JVM's) on this port, to the "
                + "monitor and ops HTTP users of hazina.http.users.file (0 = off, the default).")
        int metricsPort;

        @Override
        public Integer call() throws Exception {
            FraudConfig fraud;
            HttpAccess access;
            try {
                LedgerConfig ledger = config.load();
                fraud = new FraudConfig(ledger.originals());
                access = metricsPort > 0 ? new HttpConfig(ledger.originals()).access() : null;
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("hazina fraud run: bad configuration: " + e.getMessage());
                return 2;
            }
            if (registerSchemas) {
                FraudRunner.registerSchemas(fraud).forEach((subject, id) -> LOG.info("Schema {} has id {}", subject, id));
            }
            PrometheusMeterRegistry registry = metricsPort > 0 ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
            FraudRunner runner = registry == null ? FraudRunner.start(fraud, Duration.ofMinutes(5))
                : FraudRunner.start(fraud, Duration.ofMinutes(5), registry);
            MetricsHttp metrics = registry == null ? null : MetricsHttp.start("0.0.0.0", metricsPort, registry, runner.streams(), access);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                LOG.info("Shutting down the fraud stream");
                runner.close();
            }, "hazina-fraud-shutdown"));
            spec.commandLine().getOut().println("Hazina fraud stream running (application.id " + fraud.applicationId()
                + ", " + fraud.ledger().bootstrapServers() + "). Stop with SIGTERM or Ctrl-C.");
            if (metrics != null) {
                spec.commandLine().getOut().println("Prometheus metrics on port " + metrics.port() + MetricsHttp.PATH);
            }
            while (!runner.awaitStop(Duration.ofHours(1))) {
                LOG.debug("Fraud stream still running");
            }
            if (metrics != null) {
                metrics.close();
            }
            if (runner.failure() != null) {
                LOG.error("Fraud stream stopped on an error", runner.failure());
                return 1;
            }
            return 0;
        }
    }
}
