package dev.hazina.reconciliation.report;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.Serde;

import dev.hazina.reconciliation.stream.StateSerde;

/**
 * One day's figures in one currency (or in {@link ReportPart#ALL_CURRENCIES}) so far: named sums, the
 * latest statement of each trust bank account, and the latest ledger-stamped time included. Sums are
 * added exactly: an overflow is a breach, not a wrap.
 *
 * <p>Names: {@code liability.<CLASS>} (the day's net change of that class of accounts), {@code issued},
 * {@code redeemed}, {@code fees}, {@code commissions}, {@code count.<KIND>.<STATUS>},
 * {@code value.<KIND>.<STATUS>}, {@code reversals}, {@code reversalsValue}, {@code deadLetters.<REASON>}
 * and {@code alerts.<check>/<STATUS>}.
 */
record Figures(SortedMap<String, Long> sums, SortedMap<String, TrustLine> statements, long asOf) {

    static final String LIABILITY = "liability.";
    static final String ISSUED = "issued";
    static final String REDEEMED = "redeemed";
    static final String FEES = "fees";
    static final String COMMISSIONS = "commissions";
    static final String COUNT = "count.";
    static final String VALUE = "value.";
    static final String REVERSALS = "reversals";
    static final String REVERSALS_VALUE = "reversalsValue";
    static final String DEAD_LETTERS = "deadLetters.";
    static final String ALERTS = "alerts.";

    static final Serde<Figures> SERDE = StateSerde.of(
        (figures, out) -> {
            writeSums(figures.sums, out);
            out.writeInt(figures.statements.size());
            for (TrustLine line : figures.statements.values()) {
                line.write(out);
            }
            out.writeLong(figures.asOf);
        },
        in -> {
            SortedMap<String, Long> sums = readSums(in);
            SortedMap<String, TrustLine> statements = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                TrustLine line = TrustLine.read(in);
                statements.put(line.bankAccount(), line);
            }
            return new Figures(sums, statements, in.readLong());
        });

    static Figures empty() {
        return new Figures(new TreeMap<>(), new TreeMap<>(), 0);
    }

    static String liability(AccountClass accountClass) {
        return LIABILITY + accountClass.name();
    }

    Figures plus(ReportPart part) {
        SortedMap<String, Long> added = new TreeMap<>(sums);
        part.deltas().forEach((name, delta) -> added.merge(name, delta, Math::addExact));
        SortedMap<String, TrustLine> lines = new TreeMap<>(statements);
        if (part.trust() != null) {
            lines.put(part.trust().bankAccount(), part.trust());
        }
        return new Figures(added, lines, Math.max(asOf, part.time()));
    }

    /** These sums plus {@code other}'s (statements and time stay these): how earlier days fold into an opening. */
    Figures plusSums(Figures other) {
        SortedMap<String, Long> added = new TreeMap<>(sums);
        other.sums.forEach((name, value) -> added.merge(name, value, Math::addExact));
        return new Figures(added, statements, asOf);
    }

    long sum(String name) {
        return sums.getOrDefault(name, 0L);
    }

    /** The sums whose names start with {@code prefix}, prefix removed. */
    SortedMap<String, Long> under(String prefix) {
        SortedMap<String, Long> found = new TreeMap<>();
        sums.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                found.put(name.substring(prefix.length()), value);
            }
        });
        return found;
    }

    static void writeSums(Map<String, Long> sums, DataOutputStream out) throws IOException {
        out.writeInt(sums.size());
        for (Map.Entry<String, Long> sum : sums.entrySet()) {
            out.writeUTF(sum.getKey());
            out.writeLong(sum.getValue());
        }
    }

    static SortedMap<String, Long> readSums(DataInputStream in) throws IOException {
        SortedMap<String, Long> sums = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            sums.put(in.readUTF(), in.readLong());
        }
        return sums;
    }
}
