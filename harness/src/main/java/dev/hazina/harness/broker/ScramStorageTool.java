package dev.hazina.harness.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Main class of the short-lived child JVM that formats a secured node: runs {@code kafka.tools.StorageTool}
 * with the given arguments plus one {@code --add-scram} per principal, read from the credentials file
 * named first, so no password appears on any process's command line.
 *
 * <p>Usage: {@code ScramStorageTool <credentials file> format -t <cluster id> -c <server.properties>}
 */
public final class ScramStorageTool {

    private ScramStorageTool() {
    }

    public static void main(String[] args) {
        Path credentials = Path.of(args[0]);
        BrokerSecurity security = BrokerSecurity.load(credentials.getParent(), credentials, Map.of());
        List<String> toolArgs = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        for (String scram : security.scramArguments()) {
            toolArgs.add("--add-scram");
            toolArgs.add(scram);
        }
        kafka.tools.StorageTool.main(toolArgs.toArray(String[]::new));
    }
}
