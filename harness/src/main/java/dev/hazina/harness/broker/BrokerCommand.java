package dev.hazina.harness.broker;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hazina broker}: runs a local one-broker KRaft cluster (broker and controller JVMs) in the
 * foreground until Ctrl-C or SIGTERM, then stops it cleanly. Its data survives for the next run.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a local Apache Kafka broker and its KRaft controller in the foreground until Ctrl-C.",
        "Its data stays in the data dir for the next run; the logs are broker.log and",
        "controller/controller.log there."
    })
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
        description = "Client port on 127.0.0.1, 0 for a free one. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--controller-port", defaultValue = "9093", paramLabel = "PORT",
        description = "KRaft controller port on 127.0.0.1, 0 for a free one. Default: ${DEFAULT-VALUE}.")
    private int controllerPort;

    @Option(names = "--data-dir", defaultValue = "${env:HAZINA_DATA_DIR:-hazina-data}/broker", paramLabel = "DIR",
        description = "Broker data dir, formatted on first use. Default: ${DEFAULT-VALUE}.")
    private Path dataDir;

    @Option(names = "--heap", defaultValue = BrokerSettings.DEFAULT_HEAP, paramLabel = "SIZE",
        description = "Maximum heap of the broker JVM. Default: ${DEFAULT-VALUE}.")
    private String heap;

    @Option(names = "--secure",
        description = {"SASL/SCRAM-SHA-512 on the client port, SASL/PLAIN to the controller, ACLs deny by default.",
            "Creates every principal's credentials when the data dir is formatted (use a fresh one)."})
    private boolean secure;

    @Option(names = "--tls",
        description = {"With --secure: SASL_SSL on the client port, with a new self-signed certificate for 127.0.0.1",
            "in <data dir>/tls (kept for the next run); clients trust <data dir>/tls/" + BrokerTls.TRUST_STORE + "."})
    private boolean tls;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = {"With --secure: principal=password lines; HAZINA_BROKER_PASSWORD_<PRINCIPAL> variables",
            "override them; missing passwords are generated. All land in <data dir>/credentials.properties (mode 600)."})
    private Path passwordFile;

    @Option(names = {"-o", "--override"}, paramLabel = "KEY=VALUE",
        description = "Extra broker setting for server.properties; repeatable.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BrokerSettings settings = new BrokerSettings(dataDir, port, controllerPort, heap, overrides);
        if (tls && !secure) {
            spec.commandLine().getErr().println("hazina broker: --tls needs --secure (TLS is offered on the SASL listener)");
            return 2;
        }
        if (secure) {
            BrokerSecurity security = BrokerSecurity.load(dataDir, passwordFile, System.getenv());
            settings = settings.withSecurity(tls ? security.withTls(BrokerTls.loadOrCreate(dataDir.resolve("tls"))) : security);
        }
        AtomicBoolean shuttingDown = new AtomicBoolean();
        Thread flagShutdown = new Thread(() -> shuttingDown.set(true), "hazina-broker-command-shutdown");
        Runtime.getRuntime().addShutdownHook(flagShutdown);
        try (KafkaBroker broker = KafkaBroker.start(settings)) {
            out.printf("Kafka broker ready: bootstrap.servers=%s%n", broker.bootstrapServers());
            out.printf("  data dir %s%n  log %s%n  pid %d, heap %s%n",
                broker.dataDir(), broker.logFile(), broker.pid(), broker.settings().heap());
            if (secure) {
                BrokerSecurity security = broker.settings().security();
                out.printf("  secured: %s, SCRAM-SHA-512, ACLs deny by default; passwords in %s%n"
                    + "  clients: hazina.kafka.security.protocol=%s, hazina.kafka.sasl.username=<principal>,"
                    + " HAZINA_KAFKA_SASL_PASSWORD=<password>; then run 'hazina acls apply'%n",
                    security.clientProtocol(), broker.dataDir().resolve(BrokerSecurity.CREDENTIALS_FILE),
                    security.clientProtocol());
                if (security.tls() != null) {
                    out.printf("  TLS: hazina.kafka.ssl.truststore.location=%s, hazina.kafka.ssl.truststore.type=PKCS12,"
                        + " HAZINA_KAFKA_SSL_TRUSTSTORE_PASSWORD=<truststore.password in %s>%n",
                        security.tls().trustStore(), security.tls().trustStore().resolveSibling(BrokerTls.PASSWORDS));
                }
            }
            out.println("Press Ctrl-C to stop.");
            out.flush();
            // On Ctrl-C or SIGTERM, KafkaBroker's shutdown hook stops the broker and this wait ends.
            ProcessHandle.of(broker.pid()).ifPresent(child -> child.onExit().join());
            if (shuttingDown.get()) {
                out.println("Broker stopped.");
                out.flush();
                return 0;
            }
            spec.commandLine().getErr().printf("The broker process exited by itself; see %s%n", broker.logFile());
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(flagShutdown);
            } catch (IllegalStateException e) {
                // The JVM is shutting down; the hook has run or is running.
            }
        }
    }
}
