package dev.hazina.topology;

import static dev.hazina.topology.LedgerAssertions.assertRejected;
import static dev.hazina.topology.LedgerAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * Amounts outside the ledger's range (1 to 2^53-1 minor units) are refused INVALID_AMOUNT, and no
 * output carries a number a JavaScript client cannot hold exactly.
 */
class AmountRangeTest {

    private static final long MAX = (1L << 53) - 1;

    private LedgerDriver ledger = LedgerDriver.withFundedAlice(Map.of(LedgerConfig.ISSUE_MAX_AMOUNT_CONFIG, MAX),
        AccountLimits.newBuilder().build(), 100_000);

    @AfterEach
    void checkInvariants() {
        LedgerAssertions.checkAndClose(ledger);
    }

    @Test
    void shouldRefuseAmountsOutsideTheRangeWithoutEchoingThem() {
        // When
        List<TransferResult> refused = List.of(
            ledger.transfer(TransferKind.P2P, "alice", "bob", Long.MAX_VALUE),
            ledger.transfer(TransferKind.P2P, "alice", "bob", MAX + 1),
            ledger.transfer(TransferKind.MERCHANT_PAYMENT, "alice", "shop", Long.MIN_VALUE));

        // Then
        for (TransferResult result : refused) {
            assertRejected(result, ReasonCode.INVALID_AMOUNT);
        }
        assertThat(refused.get(0).getDetail()).contains(Long.toString(Long.MAX_VALUE));
        assertThat(ledger.balance("alice")).isEqualTo(100_000);
        assertEveryOutputNumberFitsJavaScript();
    }

    @Test
    void shouldRefuseAPostingThatTakesABalanceOutOfRange() {
        // Given: 10,000,000 are issued already, so the issuance shard has MAX - 10,000,000 left
        ledger.open("bank", AccountType.BUSINESS);
        assertStatus(ledger.issue("bank", MAX - 10_000_000), TransferStatus.COMPLETED);

        // When: one more cent would take the issuance shard beyond -(2^53-1)
        TransferResult more = ledger.issue("bank", 1);

        // Then
        assertRejected(more, ReasonCode.LIMIT_MAX_BALANCE);
        assertThat(ledger.balance("bank")).isEqualTo(MAX - 10_000_000);
        assertEveryOutputNumberFitsJavaScript();
    }

    private void assertEveryOutputNumberFitsJavaScript() {
        ledger.results().forEach(AmountRangeTest::assertFits);
        ledger.entries().forEach(AmountRangeTest::assertFits);
        ledger.settlements().forEach(AmountRangeTest::assertFits);
        ledger.accountEvents().forEach(AmountRangeTest::assertFits);
    }

    /** Every long and int anywhere in {@code record}, nested records included, lies within +-(2^53-1). */
    private static void assertFits(Object value) {
        if (value instanceof GenericRecord record) {
            for (Schema.Field field : record.getSchema().getFields()) {
                Object fieldValue = record.get(field.pos());
                if (fieldValue instanceof Long number) {
                    assertThat(Math.abs(number)).as("%s.%s", record.getSchema().getName(), field.name())
                        .isLessThanOrEqualTo(MAX);
                }
                assertFits(fieldValue);
            }
        }
    }
}
