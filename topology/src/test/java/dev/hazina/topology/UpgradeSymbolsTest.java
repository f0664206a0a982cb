package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.hazina.schemas.evolution.UpgradeSymbols;

/** The enum symbols the schema guard lets through as held back are the ones {@link UpgradeCompat} holds back. */
class UpgradeSymbolsTest {

    @Test
    void shouldHoldBackExactlyTheSymbolsTheReleasedFolderSaysAreHeldBack() {
        // Given
        UpgradeSymbols allowed = UpgradeSymbols.in(Path.of(System.getProperty("basedir", ".")).resolve("../schemas/released"));

        // Then
        assertThat(names(UpgradeCompat.NEW_REASONS)).isEqualTo(allowed.heldBack("ReasonCode"));
        assertThat(names(UpgradeCompat.NEW_STATUSES)).isEqualTo(allowed.heldBack("TransferStatus"));
        assertThat(allowed.unsafe("ReasonCode")).doesNotContainAnyElementsOf(names(UpgradeCompat.NEW_REASONS));
    }

    private static Set<String> names(Set<? extends Enum<?>> symbols) {
        return symbols.stream().map(Enum::name).collect(Collectors.toSet());
    }
}
