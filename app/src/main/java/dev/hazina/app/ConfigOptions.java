package dev.hazina.app;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import picocli.CommandLine.Option;

import dev.hazina.topology.LedgerConfig;

/** {@code --config FILE}: a properties file, then {@code HAZINA_*} environment variables on top. */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (hazina.* keys); HAZINA_* environment variables override it.")
    public Path file;

    public LedgerConfig load() {
        return load(Map.of());
    }

    /** The config with {@code overrides} (e.g. from command-line options) applied last. */
    public LedgerConfig load(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(LedgerConfig.load(file, System.getenv()).originals());
        values.putAll(overrides);
        return new LedgerConfig(values);
    }
}
