package dev.hazina.schemas.evolution;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

import dev.hazina.schemas.HazinaSchemas;

/**
 * Fails the build when a current schema could not read data written with any released version of
 * it (BACKWARD), or when the previous release (each type's latest released version) could not read
 * data the current schema writes (FORWARD), both checked with Avro's {@code SchemaCompatibility}, naming the schema, the field and
 * the kind of incompatibility. FORWARD is what a rolling upgrade needs: instances of the previous
 * release read what new ones write. Its one allowed exception is an enum symbol listed in
 * {@link UpgradeSymbols}, which the ledger does not write during an upgrade. A change that already
 * breaks BACKWARD is reported once, for that. A released type that no longer exists is a violation
 * too. Types never released yet are reported and pass.
 *
 * <p>Run by the schemas build at {@code process-classes}: {@code SchemaEvolutionGuard <releasedDir>}.
 * To release the current schemas as new versions (after the check passes):
 * {@code SchemaEvolutionGuard <releasedDir> --release}.
 */
public final class SchemaEvolutionGuard {

    private SchemaEvolutionGuard() {
    }

    /** Every violation of the {@code current} schemas against the released versions. */
    public static List<EvolutionViolation> check(Collection<Schema> current, ReleasedSchemas released) {
        return check(current, released, UpgradeSymbols.in(released.dir()));
    }

    /** As {@link #check(Collection, ReleasedSchemas)}, with the enum symbols an upgrade may add. */
    public static List<EvolutionViolation> check(Collection<Schema> current, ReleasedSchemas released,
                                                 UpgradeSymbols upgradeSymbols) {
        Map<String, Schema> byName = current.stream()
            .collect(Collectors.toMap(Schema::getName, Function.identity(), (a, b) -> a));
        List<EvolutionViolation> violations = new ArrayList<>();
        for (Map.Entry<String, List<ReleasedSchemas.Version>> entry : released.all().entrySet()) {
            Schema schema = byName.get(entry.getKey());
            List<ReleasedSchemas.Version> versions = entry.getValue();
            for (ReleasedSchemas.Version version : versions) {
                if (schema == null) {
                    violations.add(new EvolutionViolation(version.schema().getFullName(), version.file(),
                        entry.getKey(), "SCHEMA_REMOVED", "/", "released type no longer exists", false));
                } else {
                    List<EvolutionViolation> backward = check(schema, version);
                    boolean previousRelease = version == versions.get(versions.size() - 1);
                    violations.addAll(!backward.isEmpty() || !previousRelease ? backward
                        : forward(schema, version, upgradeSymbols));
                }
            }
        }
        return violations;
    }

    /**
     * Checks the Hazina schemas against {@code args[0]} (the released folder); with {@code --release}
     * also writes the current schemas as new versions. Returns 0 when compatible, 1 otherwise.
     */
    public static int run(String[] args, PrintStream out) {
        if (args.length < 1) {
            out.println("Usage: SchemaEvolutionGuard <releasedDir> [--release]");
            return 2;
        }
        ReleasedSchemas released = new ReleasedSchemas(Path.of(args[0]));
        Collection<Schema> current = HazinaSchemas.all().values();
        List<EvolutionViolation> violations = check(current, released);
        if (!violations.isEmpty()) {
            out.println("Schema evolution guard: " + violations.size() + " incompatibilit"
                + (violations.size() == 1 ? "y" : "ies") + " with released schemas:");
            violations.forEach(v -> out.println("  " + v.describe()));
            out.println("Make the change compatible (e.g. give new fields a default, keep enum symbols or add an "
                + "enum default), or use a new record type.");
            return 1;
        }
        Map<String, List<ReleasedSchemas.Version>> all = released.all();
        current.stream().filter(s -> !all.containsKey(s.getName()))
            .forEach(s -> out.println("Schema evolution guard: " + s.getFullName() + " has no released version yet"));
        out.println("Schema evolution guard: " + current.size() + " schemas are BACKWARD and FORWARD compatible with "
            + all.values().stream().mapToInt(List::size).sum() + " released versions in " + released.dir());
        if (args.length > 1 && "--release".equals(args[1])) {
            for (Schema schema : current) {
                Path written = released.release(schema);
                if (written != null) {
                    out.println("Released " + schema.getFullName() + " as " + written);
                }
            }
        }
        return 0;
    }

    /**
     * Build entry point. It runs inside Maven's JVM (exec:java), so a violation throws instead of
     * calling System.exit, which would kill Maven without a report.
     */
    public static void main(String[] args) {
        int code = run(args, System.out);
        if (code != 0) {
            throw new IllegalStateException("Schema evolution guard failed: a current schema is not BACKWARD "
                + "or not FORWARD compatible with a released version (details above)");
        }
    }

    private static List<EvolutionViolation> check(Schema current, ReleasedSchemas.Version version) {
        return incompatibilities(current, version.schema(), current, version, false);
    }

    /** The released version, widened by the symbols an upgrade may add, as reader of the current schema's data. */
    private static List<EvolutionViolation> forward(Schema current, ReleasedSchemas.Version version,
                                                    UpgradeSymbols upgradeSymbols) {
        return incompatibilities(upgradeSymbols.widened(version.schema()), current, current, version, true);
    }

    private static List<EvolutionViolation> incompatibilities(Schema reader, Schema writer, Schema current,
                                                              ReleasedSchemas.Version version, boolean forward) {
        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<EvolutionViolation> violations = new ArrayList<>();
        for (SchemaCompatibility.Incompatibility problem : result.getResult().getIncompatibilities()) {
            violations.add(new EvolutionViolation(current.getFullName(), version.file(),
                FieldPaths.describe(reader, problem.getLocation()), problem.getType().name(), problem.getLocation(),
                problem.getMessage(), forward));
        }
        return violations;
    }
}
