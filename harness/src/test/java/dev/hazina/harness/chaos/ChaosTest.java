package dev.hazina.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChaosTest {

    @Test
    void shouldPickARateThatOutlastsTheEvents() {
        // Given
        Chaos.Options options = new Chaos.Options(2, 200_000, 10, 1, 0, 2_000, 8, 10, false, true, 42, null, "512m", null);

        // When
        int rate = options.effectiveRate();

        // Then: 35 s per kill, 45 s per broker restart, 30 s per rolling restart, 35 s of warm-up and tail
        assertThat(rate).isEqualTo((200_000 + 489) / 490);
        assertThat(new Chaos.Options(2, 1_000, 1, 0, 300, 100, 8, 1, false, false, 1, null, "512m", null).effectiveRate()).isEqualTo(300);
    }

    @Test
    void shouldRefuseASingleInstance() {
        // Then
        assertThatThrownBy(() -> new Chaos.Options(1, 1_000, 1, 0, 0, 100, 8, 1, false, false, 1, null, "512m", null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 2");
    }
}
