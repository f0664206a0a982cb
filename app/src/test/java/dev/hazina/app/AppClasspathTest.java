package dev.hazina.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The production image is this module's runtime classpath. The harness (a broker, a load generator, a
 * chaos harness) must not creep back onto it through a dependency, direct or transitive.
 */
class AppClasspathTest {

    /** Written by maven-dependency-plugin's build-classpath goal before the tests run (see app/pom.xml). */
    private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt");

    @Test
    void shouldShipNoBrokerLoadGeneratorOrChaosHarness() throws IOException {
        // When
        List<String> jars = runtimeJars();

        // Then
        assertThat(jars).anyMatch(jar -> jar.startsWith("kafka-streams-"));
        assertThat(jars).noneMatch(jar -> jar.startsWith("kafka_2.13-"))
            .noneMatch(jar -> jar.startsWith("kafka-server-"))
            .noneMatch(jar -> jar.startsWith("progressbar-"))
            .noneMatch(jar -> jar.startsWith("HdrHistogram-"))
            .noneMatch(jar -> jar.startsWith("commons-rng-"))
            .noneMatch(jar -> jar.startsWith("hazina-harness-"));
    }

    private static List<String> runtimeJars() throws IOException {
        return Arrays.stream(Files.readString(RUNTIME_CLASSPATH).trim().split(File.pathSeparator))
            .map(entry -> Path.of(entry).getFileName().toString())
            .toList();
    }
}
