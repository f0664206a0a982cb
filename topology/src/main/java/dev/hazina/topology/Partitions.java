package dev.hazina.topology;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;

/**
 * Where a string key lives: the Java producer's default partitioner for keyed records. Every
 * producer to Hazina's inputs must agree with it, or an account's state would split across tasks,
 * so the processors check each record against it.
 */
public final class Partitions {

    private Partitions() {
    }

    public static int partitionFor(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
