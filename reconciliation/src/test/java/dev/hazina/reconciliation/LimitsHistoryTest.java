package dev.hazina.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.AccountStatus;
import dev.hazina.schemas.AccountType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitsHistoryTest {

    private static final String ACCOUNT = "cust-1";

    private final LimitsHistory history = LimitsHistory.of(List.of(
            event(200, 500, 10_000L, true),
            event(100, 1_000, null, true),
            event(300, 0, 20_000L, true),
            event(250, 9_999, null, false)));

    @Test
    void shouldApplyTheLatestLimitsDecidedBeforeThePosting() {
        // When
        LimitsHistory.Bounds bounds = history.at(ACCOUNT, 250);

        // Then: the refused command at 250 changes nothing
        assertThat(bounds).isEqualTo(new LimitsHistory.Bounds(500, 10_000));
    }

    @Test
    void shouldApplyTheLoosestLimitsWhenAChangeSharesThePostingsMillisecond() {
        // When
        LimitsHistory.Bounds bounds = history.at(ACCOUNT, 300);

        // Then: 500 from the limits before, 20,000 from the limits decided at 300
        assertThat(bounds).isEqualTo(new LimitsHistory.Bounds(500, 20_000));
    }

    @Test
    void shouldApplyTheLoosestLimitsEverSeenBeforeTheFirstKnownEvent() {
        // When
        LimitsHistory.Bounds bounds = history.at(ACCOUNT, 50);

        // Then
        assertThat(bounds).isEqualTo(new LimitsHistory.Bounds(1_000, LimitsHistory.UNBOUNDED));
    }

    @Test
    void shouldKnowNoLimitsForAnAccountWithoutEvents() {
        // When
        LimitsHistory.Bounds bounds = history.at("someone-else", 250);

        // Then
        assertThat(bounds).isNull();
    }

    private static AccountEvent event(long decidedAt, long overdraft, Long maxBalance, boolean accepted) {
        AccountState state = AccountState.newBuilder()
                .setAccountId(ACCOUNT)
                .setType(AccountType.CUSTOMER)
                .setStatus(AccountStatus.ACTIVE)
                .setCurrency("KES")
                .setBalance(0)
                .setLimits(AccountLimits.newBuilder().setOverdraftLimit(overdraft).setMaxBalance(maxBalance).build())
                .setSequence(0)
                .setOpenedAt(100)
                .setUpdatedAt(decidedAt)
                .build();
        return AccountEvent.newBuilder()
                .setCommandId("cmd-" + decidedAt)
                .setAccountId(ACCOUNT)
                .setAction(AccountAction.UPDATE_LIMITS)
                .setAccepted(accepted)
                .setAccount(state)
                .setDecidedAt(decidedAt)
                .build();
    }
}
