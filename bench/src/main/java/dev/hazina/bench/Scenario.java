package dev.hazina.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark run measures, by name.
 *
 * <ul>
 *   <li>{@code standard}: the comparison. 100,000 accounts; every system steps up from 2,000 TPS,
 *       15 s warm-up and 60 s measured per step, one bisection after the first failure; then each
 *       runs at 50% and 80% of Hazina's maximum. About an hour.</li>
 *   <li>{@code quick}: the same shape, small and short (10,000 accounts, 10 s steps), to check that
 *       everything works. About five minutes.</li>
 *   <li>{@code memory}: Hazina alone with 1,000,000 accounts, for the ledger's resident memory.</li>
 *   <li>{@code scaling}: Hazina alone, stepping up under different partition counts, stream threads
 *       and a second ledger instance.</li>
 * </ul>
 *
 * @param points   rates to run every system at, as percentages of Hazina's maximum
 */
public record Scenario(String name, int accounts, List<Integer> rates, Duration warmup, Duration measure,
                       Duration drain, int refine, List<Integer> points, List<String> systems) {

    public static final List<String> ALL_SYSTEMS = List.of("hazina", "raw-kafka", "postgres", "postgres-async");
    static final List<Integer> LADDER = List.of(2_000, 4_000, 8_000, 12_000, 16_000, 20_000, 24_000, 32_000, 40_000,
        48_000);

    public static Scenario named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "standard" -> new Scenario("standard", 100_000, LADDER, Duration.ofSeconds(15), Duration.ofSeconds(60),
                Duration.ofSeconds(60), 1, List.of(50, 80), ALL_SYSTEMS);
            case "quick" -> new Scenario("quick", 10_000, List.of(1_000, 2_000), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(30), 0, List.of(50), ALL_SYSTEMS);
            case "memory" -> new Scenario("memory", 1_000_000, List.of(4_000), Duration.ofSeconds(15),
                Duration.ofSeconds(60), Duration.ofSeconds(60), 0, List.of(), List.of("hazina"));
            case "scaling" -> new Scenario("scaling", 100_000, List.of(4_000, 8_000, 12_000, 16_000, 20_000),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 0, List.of(), List.of("hazina"));
            default -> throw new IllegalArgumentException("unknown scenario '" + name
                + "': choose standard, quick, memory or scaling");
        };
    }

    public Scenario withAccounts(int newAccounts) {
        return new Scenario(name, newAccounts, rates, warmup, measure, drain, refine, points, systems);
    }

    public Scenario withRates(List<Integer> newRates) {
        return new Scenario(name, accounts, newRates, warmup, measure, drain, refine, points, systems);
    }

    public Scenario withWarmup(Duration newWarmup) {
        return new Scenario(name, accounts, rates, newWarmup, measure, drain, refine, points, systems);
    }

    public Scenario withMeasure(Duration newMeasure) {
        return new Scenario(name, accounts, rates, warmup, newMeasure, drain, refine, points, systems);
    }

    public Scenario withSystems(List<String> newSystems) {
        for (String system : newSystems) {
            if (!ALL_SYSTEMS.contains(system)) {
                throw new IllegalArgumentException("unknown system '" + system + "': choose from " + ALL_SYSTEMS);
            }
        }
        return new Scenario(name, accounts, rates, warmup, measure, drain, refine, points, newSystems);
    }

    public Scenario withRefine(int newRefine) {
        return new Scenario(name, accounts, rates, warmup, measure, drain, newRefine, points, systems);
    }

    public Scenario withPoints(List<Integer> newPoints) {
        return new Scenario(name, accounts, rates, warmup, measure, drain, refine, newPoints, systems);
    }
}
