package dev.hazina.bench.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the raw Kafka loop writes for each transfer: per output topic, how many records (a mean,
 * e.g. 7.3 ledger entries) and how big. Derived from a measured Hazina step, so the loop pushes the
 * same records per transfer, to as many topics and partitions, as the ledger did.
 *
 * @param outputs one line per output topic; {@link #LEGS} and {@link #RESULTS} are among them
 */
public record FanOut(List<Output> outputs) {

    /** The loop's input topic: one record per transfer, written by the driver. */
    public static final String REQUESTS = "raw.requests";
    /** Written and read back by the loop: the second hop, as Hazina's saga legs. */
    public static final String LEGS = "raw.legs";
    /** Written on the second hop (or the first, for a transfer with no leg): what the driver watches. */
    public static final String RESULTS = "raw.results";

    /**
     * @param topic       topic name
     * @param perTransfer mean records per transfer
     * @param bytes       mean key + value bytes per record
     * @param compacted   a changelog: created with cleanup.policy=compact, as Streams creates them
     */
    public record Output(String topic, double perTransfer, int bytes, boolean compacted) {
    }

    public FanOut {
        outputs = List.copyOf(outputs);
    }

    /**
     * The loop's fan-out for Hazina's measured records per transfer and bytes per record, by topic.
     * The requests topic becomes the input; legs and results keep their roles; every other topic is
     * written as {@code raw.<name>}.
     */
    public static FanOut fromHazina(Map<String, Double> perTransfer, Map<String, Double> bytes, String requestsTopic,
                                    String legsTopic, String resultsTopic) {
        List<Output> outputs = new ArrayList<>();
        perTransfer.forEach((topic, count) -> {
            if (topic.equals(requestsTopic) || count <= 0) {
                return;
            }
            String name = topic.equals(legsTopic) ? LEGS : topic.equals(resultsTopic) ? RESULTS : "raw." + topic;
            int size = (int) Math.max(1, Math.round(bytes.getOrDefault(topic, 100.0)));
            outputs.add(new Output(name, count, size, topic.endsWith("-changelog")));
        });
        if (outputs.stream().noneMatch(o -> o.topic().equals(RESULTS))) {
            outputs.add(new Output(RESULTS, 1.0, 100, false));
        }
        return new FanOut(outputs);
    }

    /** Records the loop writes per transfer, all outputs (the driver's request not counted). */
    public double recordsPerTransfer() {
        return outputs.stream().mapToDouble(Output::perTransfer).sum();
    }

    public void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# topic records-per-transfer bytes-per-record compacted");
        for (Output o : outputs) {
            lines.add(String.format(Locale.ROOT, "%s %.4f %d %b", o.topic(), o.perTransfer(), o.bytes(), o.compacted()));
        }
        Files.write(file, lines);
    }

    public static FanOut read(Path file) throws IOException {
        List<Output> outputs = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            outputs.add(new Output(parts[0], Double.parseDouble(parts[1]), Integer.parseInt(parts[2]),
                Boolean.parseBoolean(parts[3])));
        }
        return new FanOut(outputs);
    }
}
