package dev.hazina.harness.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    private static final Path DIR = Path.of("/tmp/hazina-broker");

    @Test
    void shouldDefaultToFreePortsBoundedHeapAndNoOverrides() {
        BrokerSettings settings = BrokerSettings.of(DIR);

        assertThat(settings.port()).isZero();
        assertThat(settings.controllerPort()).isZero();
        assertThat(settings.heap()).isEqualTo("256m");
        assertThat(settings.overrides()).isEmpty();
    }

    @Test
    void shouldUseDefaultHeapWhenNullOrBlank() {
        assertThat(new BrokerSettings(DIR, 0, 0, null, null).heap()).isEqualTo(BrokerSettings.DEFAULT_HEAP);
        assertThat(new BrokerSettings(DIR, 0, 0, " ", null).heap()).isEqualTo(BrokerSettings.DEFAULT_HEAP);
        assertThat(new BrokerSettings(DIR, 0, 0, null, null).overrides()).isEmpty();
    }

    @Test
    void shouldRejectInvalidValues() {
        assertThatThrownBy(() -> BrokerSettings.of(DIR).withHeap("256 MB")).hasMessageContaining("heap must look like");
        assertThatThrownBy(() -> BrokerSettings.of(DIR).withPort(70_000)).hasMessageContaining("port must be 0..65535");
        assertThatThrownBy(() -> BrokerSettings.of(DIR).withPort(9092).withControllerPort(9092))
            .hasMessageContaining("must differ");
        assertThatThrownBy(() -> BrokerSettings.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldCopyOverridesSoCallersCannotChangeThem() {
        Map<String, String> overrides = new HashMap<>(Map.of("num.partitions", "4"));
        BrokerSettings settings = new BrokerSettings(DIR, 0, 0, "1g", overrides);

        overrides.put("num.partitions", "99");

        assertThat(settings.overrides()).containsExactly(Map.entry("num.partitions", "4"));
        assertThat(settings.withOverride("num.partitions", "2").overrides())
            .containsExactly(Map.entry("num.partitions", "2"));
        assertThatThrownBy(() -> settings.overrides().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
