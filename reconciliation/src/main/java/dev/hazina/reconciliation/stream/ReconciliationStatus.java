package dev.hazina.reconciliation.stream;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The live verdict of this instance: {@code OK} while no alert is open on the tasks it runs,
 * {@code ALERT} otherwise, with the open alerts per check and the alerts raised and cleared since it
 * started.
 */
public record ReconciliationStatus(State state, Map<String, Integer> openByCheck, long raised, long cleared,
                                   long judged) {

    public enum State { OK, ALERT }

    public ReconciliationStatus {
        openByCheck = Map.copyOf(openByCheck);
    }

    public int open() {
        return openByCheck.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One line, e.g. {@code ALERT (stuck-saga=1, transfer-balance=0, ...; 3 raised, 2 cleared, 120 judged)}. */
    @Override
    public String toString() {
        String counts = new TreeMap<>(openByCheck).entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return state + " (open: " + counts + "; " + raised + " raised, " + cleared + " cleared, " + judged + " judged)";
    }
}
