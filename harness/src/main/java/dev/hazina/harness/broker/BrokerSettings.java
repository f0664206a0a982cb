package dev.hazina.harness.broker;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to run a local KRaft broker and its controller: where it keeps its data, its ports, its heap and any
 * extra {@code server.properties} settings.
 *
 * @param dataDir        folder for the broker's config, log and partition data; created if missing
 * @param port           client (PLAINTEXT) port on 127.0.0.1; 0 picks a free one
 * @param controllerPort KRaft controller port on 127.0.0.1; 0 picks a free one
 * @param heap           maximum heap of the broker JVM, as for {@code -Xmx} (e.g. {@code 256m});
 *                       null means {@value #DEFAULT_HEAP}
 * @param overrides      broker settings that win over the defaults KafkaBroker writes; null means none
 */
public record BrokerSettings(Path dataDir, int port, int controllerPort, String heap,
                             Map<String, String> overrides) {

    /** The default maximum heap of the broker JVM. */
    public static final String DEFAULT_HEAP = "256m";

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    public BrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        checkPort("port", port);
        checkPort("controllerPort", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ: " + port);
        }
        heap = heap == null || heap.isBlank() ? DEFAULT_HEAP : heap.strip();
        if (!HEAP.matcher(heap).matches()) {
            throw new IllegalArgumentException("heap must look like 256m or 1g, not '" + heap + "'");
        }
        overrides = overrides == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /** Settings for a broker in {@code dataDir} on free ports, with the default heap and no overrides. */
    public static BrokerSettings of(Path dataDir) {
        return new BrokerSettings(dataDir, 0, 0, DEFAULT_HEAP, Map.of());
    }

    public BrokerSettings withPort(int newPort) {
        return new BrokerSettings(dataDir, newPort, controllerPort, heap, overrides);
    }

    public BrokerSettings withControllerPort(int newControllerPort) {
        return new BrokerSettings(dataDir, port, newControllerPort, heap, overrides);
    }

    public BrokerSettings withHeap(String newHeap) {
        return new BrokerSettings(dataDir, port, controllerPort, newHeap, overrides);
    }

    /** A copy with {@code key=value} added to the overrides (replacing an earlier value of key). */
    public BrokerSettings withOverride(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(overrides);
        copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new BrokerSettings(dataDir, port, controllerPort, heap, copy);
    }

    private static void checkPort(String name, int value) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(name + " must be 0..65535, not " + value);
        }
    }
}
