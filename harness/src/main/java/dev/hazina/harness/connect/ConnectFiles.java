package dev.hazina.harness.connect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the connectors module keeps what a Connect worker needs: the connector and worker files
 * ({@code connectors/}), the worker's classpath ({@code target/worker-lib}) and the plugin folder
 * ({@code target/connect-plugins}) that {@code mvn package -pl connectors -am} builds.
 */
public record ConnectFiles(Path connectorsDir, Path workerLib, Path pluginPath) {

    /** The system property that names the connectors folder; the {@code hazina} launcher sets it. */
    public static final String CONNECTORS_DIR_PROPERTY = "hazina.connectors.dir";

    /** The folders under {@code connectorsDir}, as the connectors module's build lays them out. */
    public static ConnectFiles of(Path connectorsDir) {
        return new ConnectFiles(connectorsDir, connectorsDir.resolve("target/worker-lib"),
            connectorsDir.resolve("target/connect-plugins"));
    }

    /** From {@value #CONNECTORS_DIR_PROPERTY}, else {@code connectors} in the working directory. */
    public static ConnectFiles fromSystemProperty() {
        return of(Path.of(System.getProperty(CONNECTORS_DIR_PROPERTY, "connectors")));
    }

    /** What is missing and how to build it, or empty when the worker can start. */
    public Optional<String> missing() {
        if (!Files.isRegularFile(connectorsDir.resolve("worker.properties"))) {
            return Optional.of("No worker.properties in " + connectorsDir.toAbsolutePath()
                + " (set -D" + CONNECTORS_DIR_PROPERTY + " to the repository's connectors folder)");
        }
        if (!Files.isDirectory(workerLib) || !Files.isDirectory(pluginPath)) {
            return Optional.of("The Connect worker is not built (" + workerLib + ", " + pluginPath
                + "): run mvn -DskipTests package -pl connectors -am from the repository root");
        }
        return Optional.empty();
    }
}
