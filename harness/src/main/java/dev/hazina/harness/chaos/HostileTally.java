package dev.hazina.harness.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.hazina.harness.chaos.HostileCase.Fate;
import dev.hazina.harness.chaos.HostileSender.Sent;
import dev.hazina.reconciliation.Violation;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * What became of every hostile record, traced through the outputs: its dead letter (by source topic,
 * partition and offset), its result (by requestId) or account event (by commandId), or the broker's
 * refusal. A record that was accepted, or left no trace, is a {@link #HOSTILE_INPUT} violation.
 */
final class HostileTally {

    /** Invariant name: a hostile record that was accepted or left no trace. */
    static final String HOSTILE_INPUT = "HOSTILE_INPUT";

    /** Counts for one case: how many were sent, their fates, and the reasons given. */
    record CaseCounts(long sent, Map<Fate, Long> fates, Map<String, Long> reasons) {
    }

    /** The fuzzer's part of the chaos report. */
    record Report(long sent,
                  @JsonProperty("by_fate") Map<Fate, Long> byFate,
                  @JsonProperty("by_case") Map<HostileCase, CaseCounts> byCase,
                  @JsonIgnore List<Violation> violations,
                  @JsonIgnore List<TransferRequest> answeredRequests) {

        /** Empty: no fuzzing was done. */
        static Report none() {
            return new Report(0, Map.of(), Map.of(), List.of(), List.of());
        }
    }

    private HostileTally() {
    }

    static Report tally(List<Sent> sent, List<DeadLetter> deadLetters, List<TransferResult> results,
                        List<AccountEvent> events) {
        Map<String, DeadLetter> lettersBySource = new HashMap<>();
        for (DeadLetter letter : deadLetters) {
            lettersBySource.put(source(letter.getSourceTopic(), letter.getSourcePartition(), letter.getSourceOffset()), letter);
        }
        Map<String, TransferResult> outcomes = new HashMap<>();
        for (TransferResult result : results) {
            if (!result.getDuplicate()) {
                outcomes.putIfAbsent(result.getRequestId(), result);
            }
        }
        Map<String, AccountEvent> answers = new HashMap<>();
        for (AccountEvent event : events) {
            answers.putIfAbsent(event.getCommandId(), event);
        }

        Map<HostileCase, Map<Fate, Long>> fates = new EnumMap<>(HostileCase.class);
        Map<HostileCase, Map<String, Long>> reasons = new EnumMap<>(HostileCase.class);
        Map<HostileCase, Long> counts = new EnumMap<>(HostileCase.class);
        Map<Fate, Long> byFate = new EnumMap<>(Fate.class);
        List<Violation> violations = new ArrayList<>();
        List<TransferRequest> answered = new ArrayList<>();
        Set<String> answeredIds = new HashSet<>();
        for (Sent one : sent) {
            HostileCase hostile = one.record().hostileCase();
            String reason;
            Fate fate;
            String answerId = one.record().answerId();
            DeadLetter letter = one.refusedByBroker() ? null : lettersBySource.get(source(one.topic(), one.partition(), one.offset()));
            if (one.refusedByBroker()) {
                fate = Fate.REFUSED_BY_BROKER;
                reason = "RECORD_TOO_LARGE";
            } else if (letter != null) {
                fate = Fate.DEAD_LETTERED;
                reason = letter.getReason();
            } else if (answerId != null && outcomes.containsKey(answerId)) {
                TransferResult result = outcomes.get(answerId);
                boolean refused = result.getStatus() == TransferStatus.REJECTED || result.getStatus() == TransferStatus.REVERSED;
                fate = refused && result.getReason() != null ? Fate.REFUSED : Fate.ACCEPTED;
                reason = result.getStatus() + (result.getReason() == null ? "" : " " + result.getReason());
                if (one.record().request() != null && answeredIds.add(answerId)) {
                    answered.add(one.record().request());
                }
            } else if (answerId != null && answers.containsKey(answerId)) {
                AccountEvent event = answers.get(answerId);
                fate = !event.getAccepted() && event.getReason() != null ? Fate.REFUSED : Fate.ACCEPTED;
                reason = event.getAccepted() ? "ACCEPTED" : "REFUSED " + event.getReason();
            } else {
                fate = Fate.UNANSWERED;
                reason = "NO_TRACE";
            }
            counts.merge(hostile, 1L, Long::sum);
            fates.computeIfAbsent(hostile, h -> new EnumMap<>(Fate.class)).merge(fate, 1L, Long::sum);
            reasons.computeIfAbsent(hostile, h -> new TreeMap<>()).merge(reason, 1L, Long::sum);
            byFate.merge(fate, 1L, Long::sum);
            if (!fate.allowed()) {
                violations.add(new Violation(HOSTILE_INPUT, answerId == null ? hostile.name() : answerId,
                    hostile + " sent to " + one.topic() + "-" + one.partition() + "@" + one.offset() + " was " + fate
                        + " (" + reason + "); every hostile record must be dead-lettered or refused with a reason"));
            }
        }
        Map<HostileCase, CaseCounts> byCase = new LinkedHashMap<>();
        counts.forEach((hostile, count) -> byCase.put(hostile, new CaseCounts(count, fates.get(hostile), reasons.get(hostile))));
        return new Report(sent.size(), byFate, byCase, violations, answered);
    }

    private static String source(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }
}
