package dev.hazina.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import dev.hazina.app.http.HttpAccess;
import dev.hazina.app.http.HttpConfig;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.app.ledger.LedgerHttp;
import dev.hazina.app.ledger.LedgerMetrics;
import dev.hazina.app.query.LedgerQueries;
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
    private static final String APPLICATION_SERVER = LedgerConfig.STREAMS_PREFIX + StreamsConfig.APPLICATION_SERVER_CONFIG;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--register-schemas", description = "Register every schema (BACKWARD) before starting.")
    boolean registerSchemas;

    @Option(names = {"--http-port", "--metrics-port"}, paramLabel = "PORT",
        description = "Serve the queries (/accounts, /transfers), Prometheus /metrics, the live page (/) and "
            + "/openapi.yaml on this port (0 = off, the default). Callers authenticate with HTTP Basic against "
            + "hazina.http.users.file unless hazina.http.auth=none.")
    int httpPort;

    @Option(names = "--advertised-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
        description = "The host other instances reach this one's HTTP port on, to forward queries (default: ${DEFAULT-VALUE}).")
    String advertisedHost;

    @Override
    public Integer call() throws Exception {
        LedgerConfig ledger;
        HttpAccess access;
        try {
            ledger = httpPort > 0 ? config.load(Map.of(APPLICATION_SERVER, advertisedHost + ":" + httpPort)) : config.load();
            access = httpPort > 0 ? new HttpConfig(ledger.originals()).access() : null;
        } catch (org.apache.kafka.common.config.ConfigException e) {
            spec.commandLine().getErr().println("hazina run: bad configuration: " + e.getMessage());
            return 2;
        }
        if (registerSchemas) {
            LedgerRunner.registerSchemas(ledger).forEach((subject, id) -> LOG.info("Schema {} has id {}", subject, id));
        }
        LedgerRunner runner = LedgerRunner.start(ledger, Duration.ofMinutes(5));
        LedgerHttp http = httpPort > 0 ? startHttp(ledger, runner, access) : null;
        Thread shutdown = new Thread(() -> {
            LOG.info("Shutting down the ledger");
            runner.close();
        }, "hazina-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        spec.commandLine().getOut().println("Hazina ledger running (application.id " + ledger.applicationId() + ", "
            + ledger.bootstrapServers() + "). Stop with SIGTERM or Ctrl-C.");
        boolean failed = runner.awaitStop();
        if (http != null) {
            http.close();
        }
        if (failed) {
            LOG.error("Ledger stopped on an error", runner.failure());
            return 1;
        }
        return 0;
    }

    private LedgerHttp startHttp(LedgerConfig ledger, LedgerRunner runner, HttpAccess access) {
        HostInfo self = new HostInfo(advertisedHost, httpPort);
        LedgerQueries queries = new LedgerQueries(runner.streams(), self, ledger, Clock.systemUTC());
        LedgerHttp http = LedgerHttp.start("0.0.0.0", httpPort, queries, new LedgerMetrics(runner.streams(), runner.registry()),
            access);
        spec.commandLine().getOut().println("Live page on http://" + self.host() + ":" + http.port() + "/, queries on "
            + "/accounts/{id} (OpenAPI at " + LedgerHttp.OPENAPI_PATH + "), "
            + (access.authenticates() ? "HTTP Basic users from " + HttpConfig.USERS_FILE_CONFIG : "WITHOUT authentication ("
            + HttpConfig.AUTH_CONFIG + "=" + HttpConfig.NONE + ")"));
        return http;
    }
}
