package dev.hazina.app;

import java.util.List;

/**
 * Subcommands another module adds to {@code hazina} when its jar is on the classpath. The module names
 * its implementation in {@code META-INF/services/dev.hazina.app.HazinaExtension}; {@link HazinaCommand}
 * finds it with {@link java.util.ServiceLoader}. The production image carries the app module alone, so
 * it runs only the production commands.
 */
public interface HazinaExtension {

    /** The subcommands to add, each a picocli {@code @Command} class. */
    List<Subcommand> subcommands();

    /**
     * A picocli {@code @Command} class, listed in {@code hazina --help} just before the built-in command
     * named {@code before}, or after every built-in command when {@code before} is null.
     */
    record Subcommand(Class<?> command, String before) {

        public static Subcommand before(String builtIn, Class<?> command) {
            return new Subcommand(command, builtIn);
        }

        public static Subcommand last(Class<?> command) {
            return new Subcommand(command, null);
        }
    }
}
