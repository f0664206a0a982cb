package dev.hazina.harness.chaos;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a child JVM the way the broker's is started: {@code dev.hazina.harness.broker.ChildJvm}, with this
 * JVM's java binary and classpath (manifest-only surefire and failsafe booter jars expanded), stdout and
 * stderr appended to a log file and stdin left open as the parent-alive pipe.
 *
 * <p>{@code ChildJvm} is package-private in {@code dev.hazina.harness.broker}, which this package does not
 * own, so it is called reflectively here, in this one place, rather than duplicated. Once it is made
 * public this class reduces to a direct call.
 */
final class ChildJvmLauncher {

    private static final String CHILD_JVM = "dev.hazina.harness.broker.ChildJvm";

    private ChildJvmLauncher() {
    }

    static Process start(List<String> jvmOptions, String mainClass, List<String> args, Path workDir, Path logFile)
            throws IOException {
        Method start;
        try {
            start = Class.forName(CHILD_JVM)
                .getDeclaredMethod("start", List.class, String.class, List.class, Path.class, Path.class);
            start.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(CHILD_JVM + ".start(...) is not available: " + e, e);
        }
        try {
            return (Process) start.invoke(null, jvmOptions, mainClass, args, workDir, logFile);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot start " + mainClass, e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + CHILD_JVM + ".start", e);
        }
    }
}
