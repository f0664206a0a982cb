package dev.hazina.connectors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.kafka.connect.runtime.Connect;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hazina connect run}: a distributed Connect worker ({@link ConnectWorker}) in this JVM, from
 * worker.properties with the plugin folder, bootstrap servers and registry overridable, until SIGTERM
 * or Ctrl-C (Connect's own shutdown hook stops it).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs a distributed Kafka Connect worker (config, offsets and status in Kafka topics) with "
        + "Hazina's converter and Debezium's JDBC sink on its plugin path; prints its REST URL and runs until Ctrl-C."})
final class ConnectRunCommand implements Callable<Integer> {

    @Option(names = "--worker-config", paramLabel = "FILE",
        defaultValue = "${sys:hazina.connectors.dir:-connectors}/worker.properties",
        description = "Worker settings (default ${DEFAULT-VALUE}).")
    Path workerConfig;

    @Option(names = "--plugin-path", paramLabel = "DIR",
        defaultValue = "${sys:hazina.connectors.dir:-connectors}/target/connect-plugins",
        description = "The plugin folder the connectors module builds (default ${DEFAULT-VALUE}).")
    Path pluginPath;

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS", description = "Kafka, instead of the file's.")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
        description = "Confluent-compatible registry for the worker's value converter, instead of the file's.")
    String registryUrl;

    @Parameters(paramLabel = "KEY=VALUE", arity = "0..*", description = "Any other worker setting, e.g. listeners=http://127.0.0.1:8083.")
    List<String> settings = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** The overrides of worker.properties, in the order they apply: the options, then KEY=VALUE. */
    List<String> overrides() {
        List<String> overrides = new ArrayList<>();
        overrides.add("plugin.path=" + pluginPath);
        if (bootstrapServers != null) {
            overrides.add("bootstrap.servers=" + bootstrapServers);
        }
        if (registryUrl != null) {
            overrides.add("value.converter.schema.registry.url=" + registryUrl);
        }
        overrides.addAll(settings);
        KeyValues.parse(overrides);
        return overrides;
    }

    @Override
    public Integer call() throws Exception {
        List<String> overrides;
        try {
            overrides = overrides();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Connect<?> connect = ConnectWorker.start(workerConfig, overrides);
        spec.commandLine().getOut().println("Connect worker running; REST API at " + connect.rest().advertisedUrl()
            + " (Ctrl-C stops it)");
        spec.commandLine().getOut().flush();
        connect.awaitStop();
        return 0;
    }
}
