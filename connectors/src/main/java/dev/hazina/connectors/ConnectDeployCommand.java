package dev.hazina.connectors;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hazina connect deploy}: creates or updates every connector file of {@code --files} through
 * Connect's REST API ({@link ConnectDeployer}; running it again changes nothing), then prints each
 * connector's state. Exit 1 when one does not register or is not RUNNING within {@code --timeout}.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = {"Registers or updates every *-sink.properties connector of the connectors folder through Connect's "
        + "REST API, then prints each connector's and task's state. Exits 1 if one fails."})
final class ConnectDeployCommand implements Callable<Integer> {

    @Option(names = "--connect-url", required = true, paramLabel = "URL", description = "Connect's REST API, e.g. http://127.0.0.1:8083.")
    URI connectUrl;

    @Option(names = "--files", paramLabel = "DIR", defaultValue = "${sys:hazina.connectors.dir:-connectors}",
        description = "The connector files (default ${DEFAULT-VALUE}).")
    Path files;

    @Option(names = "--registry-url", paramLabel = "URL",
        description = "Confluent-compatible registry for the sinks' value converter, instead of the files'.")
    String registryUrl;

    @Option(names = "--timeout", defaultValue = "PT1M", paramLabel = "DURATION",
        description = "How long each connector may take to be RUNNING (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Parameters(paramLabel = "KEY=VALUE", arity = "0..*",
        description = "Replaces a key of every file, e.g. connection.url=jdbc:postgresql://db:5432/settlements.")
    List<String> settings = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** The overrides of every connector file: KEY=VALUE, and the registry URL. */
    Map<String, String> overrides() {
        Map<String, String> overrides;
        try {
            overrides = new TreeMap<>(KeyValues.parse(settings));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (registryUrl != null) {
            overrides.put("value.converter.schema.registry.url", registryUrl);
        }
        return overrides;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Map<String, String>> connectors = ConnectDeployer.connectorConfigs(files, overrides());
        if (connectors.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "No *" + ConnectDeployer.SINK_SUFFIX + " file in " + files);
        }
        PrintWriter out = spec.commandLine().getOut();
        ConnectDeployer deployer = new ConnectDeployer(connectUrl);
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> connector : connectors.entrySet()) {
            String name = connector.getKey();
            try {
                deployer.deploy(name, connector.getValue());
                deployer.awaitRunning(name, timeout);
                out.println(name + ": " + String.join(", ", deployer.states(name)));
            } catch (IOException e) {
                failed.add(name);
                out.println(name + ": FAILED " + e.getMessage());
            }
            out.flush();
        }
        if (!failed.isEmpty()) {
            spec.commandLine().getErr().println("hazina connect deploy: " + failed.size() + " of " + connectors.size()
                + " connector(s) failed: " + String.join(", ", failed));
            return 1;
        }
        return 0;
    }
}
