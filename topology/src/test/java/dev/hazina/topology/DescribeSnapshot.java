package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.streams.Topology;

/**
 * Compares a topology's {@code describe()} output with the snapshot between
 * {@code <!-- <marker>:begin -->} and {@code <!-- <marker>:end -->} in a doc. With
 * {@code -Dhazina.updateSnapshot=true} it rewrites the snapshot instead.
 */
public final class DescribeSnapshot {

    private DescribeSnapshot() {
    }

    public static void check(Topology topology, Path doc, String marker) throws IOException {
        String begin = "<!-- " + marker + ":begin -->\n```\n";
        String end = "```\n<!-- " + marker + ":end -->";
        String described = topology.describe().toString().strip() + "\n";
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertThat(from).as("snapshot markers in %s", doc).isNotNegative();
        assertThat(to).isGreaterThan(from);

        String snapshot = text.substring(from + begin.length(), to);
        if (Boolean.getBoolean("hazina.updateSnapshot")) {
            Files.writeString(doc, text.substring(0, from + begin.length()) + described + text.substring(to));
            snapshot = described;
        }

        assertThat(snapshot)
            .as("%s is stale; rerun with -Dhazina.updateSnapshot=true and commit it", doc)
            .isEqualTo(described);
    }
}
