package dev.hazina.harness.broker;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Starts a Java main class in a child JVM with this JVM's java binary and classpath, its stdout and
 * stderr appended to a log file.
 *
 * <p>Surefire and failsafe run tests from a "manifest-only" booter jar whose manifest {@code Class-Path}
 * names the real jars. The child's classpath lists those jars explicitly, so it works there too.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Starts {@code mainClass} in a child JVM working in {@code workDir}. Its stdin stays an open pipe
     * from this JVM; the child sees end-of-file when this JVM dies.
     */
    static Process start(List<String> jvmOptions, String mainClass, List<String> args, Path workDir, Path logFile)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary().toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath(System.getProperty("java.class.path"))));
        command.add(mainClass);
        command.addAll(args);
        return new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    }

    static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The entries of {@code javaClassPath}, each followed by the existing jars its manifest's
     * {@code Class-Path} names, without duplicates.
     */
    static List<String> classpath(String javaClassPath) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : javaClassPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            entries.add(path.toString());
            if (path.toString().endsWith(".jar") && Files.isRegularFile(path)) {
                entries.addAll(manifestClassPath(path));
            }
        }
        return List.copyOf(entries);
    }

    private static List<String> manifestClassPath(Path jar) {
        List<String> entries = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return entries;
            }
            URI base = jar.toUri();
            for (String item : classPath.trim().split("\\s+")) {
                Path resolved = Path.of(base.resolve(item)).normalize();
                if (Files.exists(resolved)) {
                    entries.add(resolved.toString());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // Not a readable jar, or an entry that is not a file URI: use the entry as it is.
        }
        return entries;
    }
}
