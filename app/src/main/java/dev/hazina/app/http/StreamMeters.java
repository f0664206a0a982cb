package dev.hazina.app.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;

/** The meters every stream's {@code /metrics} shows beside its own: Kafka Streams' and the JVM's heap. */
public final class StreamMeters {

    private StreamMeters() {
    }

    /** Binds both to {@code registry}; close the returned binder with the stream's meters. */
    public static KafkaStreamsMetrics bind(KafkaStreams streams, MeterRegistry registry) {
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        return streamsMetrics;
    }
}
