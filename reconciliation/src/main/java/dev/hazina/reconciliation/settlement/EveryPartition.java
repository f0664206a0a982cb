package dev.hazina.reconciliation.settlement;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.streams.processor.StreamPartitioner;

/** Sends a record to every partition of its topic: how one window decision reaches every partition's part. */
final class EveryPartition implements StreamPartitioner<Object, Object> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, Object key, Object value, int numPartitions) {
        return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
    }
}
