package dev.hazina.harness.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;

class TrafficGeneratorTest {

    @Test
    void shouldSendEveryPeerToPeerPaymentToOneOfThePayersSixContacts() {
        // Given
        Population population = Population.of(2_000);
        TrafficGenerator traffic = TrafficGenerator.demo(population, 42, "test");
        Map<String, Set<String>> payersOf = new HashMap<>();

        // When: as many requests as the demo sends, the busiest customers paying hundreds of times
        for (int i = 0; i < 20_000; i++) {
            TrafficRecord record = traffic.next(i);
            TransferRequest request = record.request();
            if (record.type() == TrafficRecord.Type.REQUEST && request.getKind() == TransferKind.P2P) {
                payersOf.computeIfAbsent(request.getPayee(), payee -> new HashSet<>()).add(request.getPayer());
                assertThat(ringDistance(population, request.getPayer(), request.getPayee())).isBetween(1, 3);
            }
        }

        // Then: nobody in clean traffic collects from many people, as a mule does
        assertThat(payersOf.values()).allSatisfy(payers -> assertThat(payers).hasSizeLessThanOrEqualTo(6));
    }

    private static int ringDistance(Population population, String payer, String payee) {
        int size = population.customers().size();
        int apart = Math.abs(population.customers().indexOf(payer) - population.customers().indexOf(payee));
        return Math.min(apart, size - apart);
    }
}
