package dev.hazina.schemas.evolution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.avro.Schema;

/**
 * The folder of released schema versions: {@code <dir>/<RecordName>/v<N>.avsc}, each a
 * self-contained schema (named types it uses are inlined), as written by {@link #release}.
 */
public final class ReleasedSchemas {

    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

    /** One released version. */
    public record Version(String name, int version, Path file, Schema schema) {
    }

    private final Path dir;

    public ReleasedSchemas(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Every released version by simple type name, versions in ascending order. */
    public Map<String, List<Version>> all() {
        Map<String, List<Version>> byName = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("No released schemas folder at " + dir.toAbsolutePath());
        }
        try (Stream<Path> names = Files.list(dir)) {
            for (Path typeDir : names.filter(Files::isDirectory).sorted().toList()) {
                byName.put(typeDir.getFileName().toString(), versions(typeDir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byName;
    }

    /**
     * Writes {@code schema} as the next version of its type unless the latest released version has
     * the same text. Returns the file written, or null when nothing changed.
     */
    public Path release(Schema schema) {
        Path typeDir = dir.resolve(schema.getName());
        List<Version> versions = Files.isDirectory(typeDir) ? versions(typeDir) : List.of();
        String text = schema.toString(true) + "\n";
        try {
            if (!versions.isEmpty()
                && Files.readString(versions.get(versions.size() - 1).file(), StandardCharsets.UTF_8).equals(text)) {
                return null;
            }
            Files.createDirectories(typeDir);
            Path file = typeDir.resolve("v" + (versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1)
                + ".avsc");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Version> versions(Path typeDir) {
        List<Version> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(typeDir)) {
            for (Path file : files.toList()) {
                Matcher matcher = VERSION_FILE.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    Schema schema = parse(file);
                    versions.add(new Version(typeDir.getFileName().toString(), Integer.parseInt(matcher.group(1)), file,
                        schema));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
        return versions;
    }

    private static Schema parse(Path file) throws IOException {
        try {
            return new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Released schema " + file + " does not parse: " + e.getMessage(), e);
        }
    }
}
