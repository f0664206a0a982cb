package dev.hazina.connectors;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Properties files and {@code key=value} arguments as sorted string maps. */
final class KeyValues {

    private KeyValues() {
    }

    static Map<String, String> load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    /** {@code key=value} arguments; the value may itself contain '='. */
    static Map<String, String> parse(List<String> arguments) {
        Map<String, String> values = new TreeMap<>();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + argument + "' is not key=value");
            }
            values.put(argument.substring(0, equals), argument.substring(equals + 1));
        }
        return values;
    }
}
