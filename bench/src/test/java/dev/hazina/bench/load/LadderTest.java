package dev.hazina.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LadderTest {

    @Test
    void shouldBisectOnMultiplesOf250() {
        assertThat(Ladder.round((8_000 + 12_000) / 2)).isEqualTo(10_000);
        assertThat(Ladder.round((2_000 + 4_000) / 2)).isEqualTo(3_000);
        assertThat(Ladder.round(1_130)).isEqualTo(1_250);
        assertThat(Ladder.round(10)).isEqualTo(250);
    }
}
