package dev.hazina.fraud;

import java.util.List;

import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountProfile;
import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.CaseStatus;
import dev.hazina.schemas.FraudAlert;
import dev.hazina.schemas.FraudCase;
import dev.hazina.schemas.FraudCaseEvent;
import dev.hazina.schemas.RuleBand;

/**
 * The case of each account and the verdict the ledger enforces. A typology at its alert threshold
 * opens a case (OPEN) and alerts; a fraud typology at its interdiction threshold blocks the account
 * (INTERDICTED) until an operator confirms or clears it, or the interdiction lapses. Every change of
 * status is a {@link FraudCaseEvent} with its reason, and every change of what is blocked a new
 * {@link AccountRisk} on the compacted risk topic.
 */
final class Verdicts {

    static final String STREAM_ACTOR = "fraud-stream";

    private final FraudConfig config;
    private final KeyValueStore<String, FraudCase> cases;
    private final KeyValueStore<String, byte[]> expiry;
    private final FraudOutput output;

    Verdicts(FraudConfig config, KeyValueStore<String, FraudCase> cases, KeyValueStore<String, byte[]> expiry,
             FraudOutput output) {
        this.config = config;
        this.cases = cases;
        this.expiry = expiry;
        this.output = output;
    }

    FraudCase find(String accountId) {
        return cases.get(accountId);
    }

    /**
     * Weighs {@code bands} by every typology. One that reaches its alert threshold alerts (once per
     * case); one that reaches a higher status than the case has opens or escalates it.
     */
    void scored(Record<?, ?> cause, AccountProfile profile, List<RuleBand> bands, String triggeredBy, long now) {
        String accountId = profile.getAccountId();
        for (Typology typology : config.typologies()) {
            int score = typology.score(bands);
            FraudCase current = cases.get(accountId);
            if (score < typology.alert() || quiet(current, typology, now)) {
                continue;
            }
            boolean interdict = typology.interdicts(score);
            CaseStatus target = interdict ? CaseStatus.INTERDICTED : CaseStatus.OPEN;
            boolean live = rank(current) > 0;
            boolean escalates = rank(current) < rank(target);
            if (!escalates && current.getAlerted().contains(typology.id())) {
                continue;
            }
            FraudCase.Builder next = live ? FraudCase.newBuilder(current) : FraudCase.newBuilder()
                .setCaseId(accountId + "@" + now).setAccountId(accountId).setOpenedAt(now);
            List<String> alerted = new java.util.ArrayList<>(live ? current.getAlerted() : List.of());
            alerted.add(typology.id());
            next.setAlerted(alerted);
            if (escalates) {
                next.setTypology(typology.id()).setTypologyKind(typology.kind()).setStatus(target).setScore(score)
                    .setBlockCredits(typology.blocksCredits()).setExpiresAt(interdict ? now + config.interdictTtlMs() : 0);
                change(cause, live ? current : null, next.build(), profile, score, typology.id() + " scored " + score
                    + (interdict ? " (interdict at " + typology.interdict() + ")" : " (alert at " + typology.alert() + ")"),
                    STREAM_ACTOR, now);
            } else {
                cases.put(accountId, next.build());
            }
            output.alert(cause, FraudAlert.newBuilder()
                .setAlertId(typology.id() + ":" + accountId + ":" + triggeredBy)
                .setAccountId(accountId)
                .setTypology(typology.id())
                .setTypologyKind(typology.kind())
                .setScore(score)
                .setAlertThreshold(typology.alert())
                .setInterdicted(interdict)
                .setBands(bands.stream().filter(b -> b.getBand() > 0).toList())
                .setTriggeredBy(triggeredBy)
                .setAt(now)
                .build());
        }
    }

    /**
     * Moves the case from {@code before} to {@code after}: saved, indexed for expiry, told as an event,
     * and published to the ledger when what is blocked changed (returns true then).
     */
    boolean change(Record<?, ?> cause, FraudCase before, FraudCase after, AccountProfile profile, int score, String reason,
                String actor, long now) {
        if (before != null && before.getExpiresAt() > 0) {
            expiry.delete(FraudStores.expiryKey(before.getExpiresAt(), before.getAccountId()));
        }
        if (after.getStatus() == CaseStatus.INTERDICTED && after.getExpiresAt() > 0) {
            expiry.put(FraudStores.expiryKey(after.getExpiresAt(), after.getAccountId()), new byte[0]);
        }
        cases.put(after.getAccountId(), after);
        output.caseEvent(cause, FraudCaseEvent.newBuilder()
            .setCaseId(after.getCaseId())
            .setAccountId(after.getAccountId())
            .setTypology(after.getTypology())
            .setFrom(before == null || !before.getCaseId().equals(after.getCaseId()) ? null : before.getStatus())
            .setTo(after.getStatus())
            .setScore(score)
            .setReason(reason)
            .setActor(actor)
            .setAt(now)
            .build());
        if (blocks(before) != blocks(after) || blocksCredits(before) != blocksCredits(after)) {
            publish(cause, after.getAccountId(), after, profile, now);
            return true;
        }
        return false;
    }

    /** Writes the account's verdict: the case's blocks and any recent SIM swap's debit cap. */
    void publish(Record<?, ?> cause, String accountId, FraudCase fraudCase, AccountProfile profile, long now) {
        AccountRisk.Builder risk = AccountRisk.newBuilder()
            .setAccountId(accountId)
            .setBlockDebits(blocks(fraudCase))
            .setBlockCredits(blocksCredits(fraudCase))
            .setUpdatedAt(now);
        if (blocks(fraudCase)) {
            risk.setCaseId(fraudCase.getCaseId()).setReason(fraudCase.getTypology() + " " + fraudCase.getStatus());
        }
        Long simSwapAt = profile == null ? null : profile.getSimSwapAt();
        long capUntil = simSwapAt == null ? 0 : simSwapAt + config.rules().simSwapWindowMs();
        if (capUntil > now) {
            risk.setSignalAt(simSwapAt).setDebitCap(config.simSwapDebitCap()).setCapUntil(capUntil);
            if (!blocks(fraudCase)) {
                risk.setReason("SIM swap");
            }
        }
        output.risk(cause, risk.build());
    }

    /** Lifts every interdiction whose time is up: no operator decided within the interdiction's lifetime. */
    void expireDue(Record<?, ?> cause, long now, java.util.function.Function<String, AccountProfile> profiles) {
        List<String> due = new java.util.ArrayList<>();
        try (var it = expiry.range(FraudStores.expiryKey(0, ""), FraudStores.expiryKey(now, "\uffff"))) {
            it.forEachRemaining(kv -> due.add(kv.key));
        }
        for (String key : due) {
            expiry.delete(key);
            FraudCase current = cases.get(FraudStores.accountOf(key));
            if (current != null && current.getStatus() == CaseStatus.INTERDICTED && current.getExpiresAt() <= now) {
                FraudCase lapsed = FraudCase.newBuilder(current).setStatus(CaseStatus.EXPIRED).setExpiresAt(0).build();
                change(cause, current, lapsed, profiles.apply(current.getAccountId()), current.getScore(),
                    "no operator decision within " + config.interdictTtlMs() + " ms", STREAM_ACTOR, now);
            }
        }
    }

    /** A case the operator cleared keeps its typology quiet for the grace period. */
    private boolean quiet(FraudCase current, Typology typology, long now) {
        return current != null && current.getStatus() == CaseStatus.CLEARED
            && current.getTypology().equals(typology.id()) && now < current.getExpiresAt();
    }

    static boolean blocks(FraudCase fraudCase) {
        return rank(fraudCase) >= 2;
    }

    private static boolean blocksCredits(FraudCase fraudCase) {
        return blocks(fraudCase) && fraudCase.getBlockCredits();
    }

    /** 0 for no live case, then OPEN, INTERDICTED, CONFIRMED. */
    static int rank(FraudCase fraudCase) {
        return fraudCase == null ? 0 : rank(fraudCase.getStatus());
    }

    private static int rank(CaseStatus status) {
        return switch (status) {
            case OPEN -> 1;
            case INTERDICTED -> 2;
            case CONFIRMED -> 3;
            default -> 0;
        };
    }

    /** The account command that freezes or unfreezes {@code accountId} for a case decision. */
    static AccountCommand freezeCommand(FraudCase fraudCase, AccountAction action, String note, long now) {
        return AccountCommand.newBuilder()
            .setCommandId("fraud-" + fraudCase.getCaseId() + "-" + action)
            .setAccountId(fraudCase.getAccountId())
            .setAction(action)
            .setNote(note)
            .setIssuedAt(now)
            .build();
    }
}
