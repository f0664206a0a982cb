package dev.hazina.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JVM spent its CPU on during a window, from a JFR recording: method samples grouped by
 * stage (the first frame from the top of each stack that belongs to a known component), the top
 * methods by self time, the ledger's own methods by inclusive time, threads, and GC pauses.
 *
 * <p>Samples are {@code jdk.ExecutionSample} (threads running Java code) plus those
 * {@code jdk.NativeMethodSample} whose top frame is CPU work in a native library (RocksDB,
 * compression): a thread waiting in epoll or a socket read is also "in native", and is idle.
 */
public final class JfrSummary {

    /** Stages, in the order a stack is matched against them (first match from the top frame wins). */
    private static final List<Map.Entry<String, List<String>>> STAGES = List.of(
        Map.entry("RocksDB (JNI)", List.of("org.rocksdb.")),
        Map.entry("compression", List.of("net.jpountz.", "com.github.luben.", "org.xerial.snappy.",
            "org.apache.kafka.common.compress.")),
        Map.entry("SHA-256 content hash", List.of("sun.security.provider.", "dev.hazina.topology.ContentHash")),
        Map.entry("Avro serde", List.of("dev.hazina.schemas.", "org.apache.avro.")),
        Map.entry("ledger logic", List.of("dev.hazina.topology.")),
        Map.entry("Streams state stores (record cache, changelogging)", List.of("org.apache.kafka.streams.state.")),
        Map.entry("Streams runtime (poll, process, commit)", List.of("org.apache.kafka.streams.")),
        Map.entry("record batches (build, CRC, read)", List.of("org.apache.kafka.common.record.",
            "org.apache.kafka.common.utils.Crc", "org.apache.kafka.common.utils.ByteUtils")),
        Map.entry("producer", List.of("org.apache.kafka.clients.producer.")),
        Map.entry("consumer", List.of("org.apache.kafka.clients.consumer.")),
        Map.entry("broker log append/read", List.of("org.apache.kafka.storage.", "kafka.log.")),
        Map.entry("transaction coordinator", List.of("org.apache.kafka.coordinator.transaction.",
            "kafka.coordinator.transaction.")),
        Map.entry("group coordinator", List.of("org.apache.kafka.coordinator.", "kafka.coordinator.")),
        Map.entry("KRaft metadata", List.of("org.apache.kafka.raft.", "org.apache.kafka.metadata.",
            "org.apache.kafka.controller.", "org.apache.kafka.image.")),
        Map.entry("broker request handling", List.of("kafka.server.", "kafka.network.", "org.apache.kafka.server.",
            "org.apache.kafka.network.")),
        Map.entry("protocol (de)serialization", List.of("org.apache.kafka.common.protocol.",
            "org.apache.kafka.common.message.", "org.apache.kafka.common.requests.")),
        Map.entry("network I/O", List.of("org.apache.kafka.common.network.", "sun.nio.ch.SocketChannelImpl",
            "sun.nio.ch.EPoll", "sun.nio.ch.SocketDispatcher", "sun.nio.ch.IOUtil", "org.apache.kafka.clients.")),
        Map.entry("file I/O", List.of("sun.nio.ch.FileChannelImpl", "sun.nio.ch.FileDispatcherImpl")),
        Map.entry("benchmark driver", List.of("dev.hazina.bench.", "dev.hazina.harness.", "dev.hazina.app.", "org.HdrHistogram.")),
        Map.entry("logging", List.of("org.apache.logging.", "org.slf4j.")));

    private static final List<String> NATIVE_CPU = List.of("org.rocksdb.", "net.jpountz.", "com.github.luben.",
        "org.xerial.snappy.", "java.util.zip.CRC32C");

    /** The summary of one JVM over one window. */
    public record Profile(
        String process,
        long samples,
        @JsonProperty("by_stage_pct") Map<String, Double> byStage,
        @JsonProperty("top_self_pct") Map<String, Double> topSelf,
        @JsonProperty("top_jdk_self_by_caller_pct") Map<String, Double> jdkSelfByCaller,
        @JsonProperty("hazina_inclusive_pct") Map<String, Double> hazinaInclusive,
        @JsonProperty("by_thread_pct") Map<String, Double> byThread,
        @JsonProperty("gc_pause_ms") long gcPauseMs,
        @JsonProperty("gc_count") long gcCount,
        @JsonProperty("cpu_us_per_transfer") Double cpuMicrosPerTransfer) {

        /**
         * A copy that knows the process's CPU per transfer in the window, so each stage's share
         * can be read as microseconds per transfer.
         */
        public Profile withCpuPerTransfer(double micros) {
            return new Profile(process, samples, byStage, topSelf, jdkSelfByCaller, hazinaInclusive, byThread, gcPauseMs, gcCount,
                Math.round(micros * 10) / 10.0);
        }
    }

    private JfrSummary() {
    }

    /** Summarizes the samples of {@code recording} taken between {@code from} and {@code to}. */
    public static Profile summarize(String process, Path recording, Instant from, Instant to) throws IOException {
        Map<String, Long> stages = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> jdkByCaller = new HashMap<>();
        Map<String, Long> hazina = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        long gcPauseNanos = 0;
        long gcCount = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                Instant at = event.getStartTime();
                if (at.isBefore(from) || at.isAfter(to)) {
                    continue;
                }
                String type = event.getEventType().getName();
                if (type.equals("jdk.GarbageCollection")) {
                    gcPauseNanos += event.getDuration("sumOfPauses").toNanos();
                    gcCount++;
                    continue;
                }
                boolean execution = type.equals("jdk.ExecutionSample");
                if (!execution && !type.equals("jdk.NativeMethodSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                String top = name(frames.get(0));
                if (!execution && NATIVE_CPU.stream().noneMatch(top::startsWith)) {
                    continue;
                }
                samples++;
                stages.merge(stage(frames), 1L, Long::sum);
                self.merge(top, 1L, Long::sum);
                if (isJdk(top)) {
                    jdkByCaller.merge(top + " <- " + firstCaller(frames), 1L, Long::sum);
                }
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String name = name(frame);
                    if (name.startsWith("dev.hazina.topology.") && seen.add(name)) {
                        hazina.merge(name, 1L, Long::sum);
                    }
                }
                RecordedThread thread = event.getThread("sampledThread");
                threads.merge(threadGroup(thread), 1L, Long::sum);
            }
        }
        return new Profile(process, samples, percentages(stages, samples, 30), percentages(self, samples, 20),
            percentages(jdkByCaller, samples, 12),
            percentages(hazina, samples, 15), percentages(threads, samples, 12), gcPauseNanos / 1_000_000, gcCount,
            null);
    }

    static String stage(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            for (Map.Entry<String, List<String>> stage : STAGES) {
                for (String prefix : stage.getValue()) {
                    if (name.startsWith(prefix)) {
                        return stage.getKey();
                    }
                }
            }
        }
        return "other (JDK, JVM)";
    }

    private static boolean isJdk(String frame) {
        return frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")
            || frame.startsWith("scala.");
    }

    /** The first frame below the top that is not JDK code: who called into the JDK. */
    private static String firstCaller(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (!isJdk(name)) {
                return name;
            }
        }
        return "?";
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        if (method == null) {
            return "?";
        }
        return method.getType().getName() + "." + method.getName();
    }

    /** Thread names with their numbers dropped, so the 8 request handlers count as one group. */
    private static String threadGroup(RecordedThread thread) {
        if (thread == null) {
            return "?";
        }
        String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return name == null ? "?" : name.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<uuid>").replaceAll("\\d+", "N");
    }

    private static Map<String, Double> percentages(Map<String, Long> counts, long total, int limit) {
        Map<String, Double> result = new LinkedHashMap<>();
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        for (Map.Entry<String, Long> entry : sorted.subList(0, Math.min(limit, sorted.size()))) {
            result.put(entry.getKey(), total == 0 ? 0 : Math.round(entry.getValue() * 1000.0 / total) / 10.0);
        }
        return result;
    }
}
