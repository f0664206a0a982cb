package dev.hazina.schemas.evolution;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;

/**
 * The enum symbols added since the previous release that it cannot read, and that the FORWARD
 * check lets through, from {@code upgrade-symbols.properties} in the released folder:
 * {@code Enum=SYMBOL,...} for symbols the ledger holds back while {@code hazina.upgrade.from} is
 * set, and {@code unsafe.Enum=SYMBOL,...} for symbols it does not hold back, a known hole recorded
 * so that no new one can join it unnoticed.
 */
public final class UpgradeSymbols {

    static final String FILE = "upgrade-symbols.properties";
    private static final String UNSAFE = "unsafe.";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Set<String>> heldBack;
    private final Map<String, Set<String>> unsafe;

    private UpgradeSymbols(Map<String, Set<String>> heldBack, Map<String, Set<String>> unsafe) {
        this.heldBack = heldBack;
        this.unsafe = unsafe;
    }

    /** The allowance in {@code releasedDir}, or none when it has no such file. */
    public static UpgradeSymbols in(Path releasedDir) {
        Map<String, Set<String>> heldBack = new TreeMap<>();
        Map<String, Set<String>> unsafe = new TreeMap<>();
        Path file = releasedDir.resolve(FILE);
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String key : properties.stringPropertyNames()) {
                Set<String> symbols = new LinkedHashSet<>(
                    Arrays.stream(properties.getProperty(key).split(",")).map(String::strip).toList());
                if (key.startsWith(UNSAFE)) {
                    unsafe.put(key.substring(UNSAFE.length()), symbols);
                } else {
                    heldBack.put(key, symbols);
                }
            }
        }
        return new UpgradeSymbols(heldBack, unsafe);
    }

    /** The symbols of enum {@code name} (simple name) that the ledger holds back during an upgrade. */
    public Set<String> heldBack(String name) {
        return heldBack.getOrDefault(name, Set.of());
    }

    /** The symbols of enum {@code name} written during an upgrade although the previous release cannot read them. */
    public Set<String> unsafe(String name) {
        return unsafe.getOrDefault(name, Set.of());
    }

    /** {@code released} as the previous release would read if it knew the allowed symbols too. */
    Schema widened(Schema released) {
        try {
            JsonNode tree = MAPPER.readTree(released.toString());
            widen(tree);
            return new Schema.Parser().parse(tree.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void widen(JsonNode node) {
        if (node instanceof ObjectNode object && "enum".equals(object.path("type").asText())) {
            String name = object.path("name").asText();
            String simple = name.substring(name.lastIndexOf('.') + 1);
            ArrayNode symbols = (ArrayNode) object.get("symbols");
            Set<String> known = new LinkedHashSet<>();
            symbols.forEach(symbol -> known.add(symbol.asText()));
            for (Set<String> allowed : List.of(heldBack(simple), unsafe(simple))) {
                allowed.stream().filter(known::add).forEach(symbols::add);
            }
        }
        node.forEach(this::widen);
    }
}
