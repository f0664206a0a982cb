package dev.hazina.harness.chaos;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The chaos run's timeline: each event stamped with the seconds since the run began, printed and kept for the report. */
final class EventLog {

    private final PrintStream out;
    private final long startedAt = System.currentTimeMillis();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    EventLog(PrintStream out) {
        this.out = out;
    }

    void event(String what) {
        String line = String.format("%6.1fs %s", (System.currentTimeMillis() - startedAt) / 1000.0, what);
        events.add(line);
        out.println("  " + line);
    }

    List<String> events() {
        return List.copyOf(events);
    }

    /** Whole seconds since the run began. */
    long elapsedSeconds() {
        return (System.currentTimeMillis() - startedAt) / 1000;
    }
}
