package dev.hazina.harness.chaos;

import java.util.Arrays;
import java.util.List;

/**
 * One kind of hostile input the chaos fuzzer writes, the input topic it goes to and the fate it is
 * expected to meet. Every case must end refused: dead-lettered, answered with a reason (a REJECTED or
 * REVERSED result, a refused account event), or refused by the broker. The expected fate is what the
 * ledger does today; the report counts actual fates per case.
 */
enum HostileCase {

    // Undecodable or unroutable transfer requests: dead letters.
    REQUEST_RANDOM_BYTES(Input.REQUESTS, Fate.DEAD_LETTERED),
    REQUEST_WRONG_MAGIC_BYTE(Input.REQUESTS, Fate.DEAD_LETTERED),
    REQUEST_UNKNOWN_SCHEMA_ID(Input.REQUESTS, Fate.DEAD_LETTERED),
    REQUEST_TRUNCATED(Input.REQUESTS, Fate.DEAD_LETTERED),
    REQUEST_EMPTY_VALUE(Input.REQUESTS, Fate.DEAD_LETTERED),
    REQUEST_TOMBSTONE(Input.REQUESTS, Fate.DEAD_LETTERED),
    REQUEST_OTHER_SCHEMA(Input.REQUESTS, Fate.DEAD_LETTERED),
    REQUEST_NO_KEY(Input.REQUESTS, Fate.DEAD_LETTERED),
    REQUEST_WRONG_PARTITION(Input.REQUESTS, Fate.DEAD_LETTERED),
    REQUEST_KEY_NOT_PAYER(Input.REQUESTS, Fate.DEAD_LETTERED),
    REQUEST_ID_EMPTY(Input.REQUESTS, Fate.DEAD_LETTERED),
    REQUEST_ID_ENORMOUS(Input.REQUESTS, Fate.DEAD_LETTERED),
    PAYER_EMPTY(Input.REQUESTS, Fate.DEAD_LETTERED),

    // Valid Avro with absurd values: a result with a reason.
    AMOUNT_ZERO(Input.REQUESTS, Fate.REFUSED),
    AMOUNT_NEGATIVE(Input.REQUESTS, Fate.REFUSED),
    AMOUNT_MIN_LONG(Input.REQUESTS, Fate.REFUSED),
    AMOUNT_MAX_LONG(Input.REQUESTS, Fate.REFUSED),
    AMOUNT_PLUS_FEE_OVERFLOWS(Input.REQUESTS, Fate.REFUSED),
    AMOUNT_OVERFLOWS_PAYEE_BALANCE(Input.REQUESTS, Fate.REFUSED),
    ISSUE_MAX_LONG(Input.REQUESTS, Fate.REFUSED),
    ISSUE_FROM_CHANNEL(Input.REQUESTS, Fate.REFUSED),
    CURRENCY_UNKNOWN(Input.REQUESTS, Fate.REFUSED),
    CURRENCY_EMPTY(Input.REQUESTS, Fate.REFUSED),
    CURRENCY_LOWER_CASE(Input.REQUESTS, Fate.REFUSED),
    CURRENCY_NOT_THE_ACCOUNTS(Input.REQUESTS, Fate.REFUSED),
    PAYER_ENORMOUS(Input.REQUESTS, Fate.REFUSED),
    PAYER_ODD_UNICODE(Input.REQUESTS, Fate.REFUSED),
    PAYEE_ODD_UNICODE(Input.REQUESTS, Fate.REFUSED),
    SAME_ACCOUNT(Input.REQUESTS, Fate.REFUSED),
    SYSTEM_PAYEE(Input.REQUESTS, Fate.REFUSED),
    WRONG_PAYEE_TYPE(Input.REQUESTS, Fate.REFUSED),
    CAPTURE_UNKNOWN_HOLD(Input.REQUESTS, Fate.REFUSED),
    METADATA_900_KB(Input.REQUESTS, Fate.REFUSED),
    METADATA_2_MB(Input.REQUESTS, Fate.REFUSED_BY_BROKER),
    /**
     * Random bytes just under the broker's 1 MB record limit: a whole copy in its dead letter would be over
     * the limit, so the ledger keeps a prefix, the size and a hash. Sent unless {@code --no-hostile-near-limit}.
     */
    REQUEST_NEAR_SIZE_LIMIT(Input.REQUESTS, Fate.DEAD_LETTERED),

    // Account commands.
    COMMAND_RANDOM_BYTES(Input.COMMANDS, Fate.DEAD_LETTERED),
    COMMAND_WRONG_MAGIC_BYTE(Input.COMMANDS, Fate.DEAD_LETTERED),
    COMMAND_UNKNOWN_SCHEMA_ID(Input.COMMANDS, Fate.DEAD_LETTERED),
    COMMAND_TRUNCATED(Input.COMMANDS, Fate.DEAD_LETTERED),
    COMMAND_TOMBSTONE(Input.COMMANDS, Fate.DEAD_LETTERED),
    COMMAND_OTHER_SCHEMA(Input.COMMANDS, Fate.DEAD_LETTERED),
    COMMAND_KEY_NOT_ACCOUNT(Input.COMMANDS, Fate.DEAD_LETTERED),
    OPEN_EMPTY_ID(Input.COMMANDS, Fate.DEAD_LETTERED),
    OPEN_ENORMOUS_ID(Input.COMMANDS, Fate.REFUSED),
    OPEN_ODD_UNICODE_UNKNOWN_CURRENCY(Input.COMMANDS, Fate.REFUSED),
    OPEN_SYSTEM_ID(Input.COMMANDS, Fate.REFUSED),
    OPEN_SYSTEM_TYPE(Input.COMMANDS, Fate.REFUSED),
    OPEN_NEGATIVE_LIMITS(Input.COMMANDS, Fate.REFUSED),
    OPEN_EXISTING(Input.COMMANDS, Fate.REFUSED),
    UPDATE_LIMITS_UNKNOWN_ACCOUNT(Input.COMMANDS, Fate.REFUSED),
    CLOSE_NOT_EMPTY(Input.COMMANDS, Fate.REFUSED);

    /** The input topic a case writes to. The internal legs topic is deliberately not fuzzed (docs/chaos.md). */
    enum Input { REQUESTS, COMMANDS }

    /** What became of one hostile record. */
    enum Fate {
        /** On the dead-letter topic, with its original bytes and a reason. */
        DEAD_LETTERED,
        /** Answered with a reason: a REJECTED or REVERSED result, or a refused account event. */
        REFUSED,
        /** Refused by the broker when produced (the record is larger than the topic accepts). */
        REFUSED_BY_BROKER,
        /** Accepted: a COMPLETED result or an accepted account command. Never allowed. */
        ACCEPTED,
        /** No trace at all at quiescence. Never allowed. */
        UNANSWERED;

        boolean allowed() {
            return this != ACCEPTED && this != UNANSWERED;
        }
    }

    /** The cases every round sends, but {@link #REQUEST_NEAR_SIZE_LIMIT}, which has an option of its own. */
    static List<HostileCase> standard() {
        return Arrays.stream(values()).filter(c -> c != REQUEST_NEAR_SIZE_LIMIT).toList();
    }

    private final Input input;
    private final Fate expected;

    HostileCase(Input input, Fate expected) {
        this.input = input;
        this.expected = expected;
    }

    Input input() {
        return input;
    }

    Fate expected() {
        return expected;
    }
}
