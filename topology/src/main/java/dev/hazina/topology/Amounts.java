package dev.hazina.topology;

/**
 * The ledger's range for money: every amount, fee and balance lies within +-(2^53-1) minor units,
 * the integers every Confluent client can hold exactly (JavaScript numbers included). A request
 * amount must be 1 to {@link #MAX}. Numbers from outside that are out of range are never echoed on
 * an output topic as numbers.
 */
public final class Amounts {

    /** 2^53-1, the largest integer a JavaScript number holds exactly. */
    public static final long MAX = (1L << 53) - 1;

    private Amounts() {
    }

    /** True for a balance or sum the ledger can hold and publish. */
    public static boolean inRange(long value) {
        return value >= -MAX && value <= MAX;
    }

    /** True for a request's amount: 1 to {@link #MAX}. */
    public static boolean validAmount(long amount) {
        return amount > 0 && amount <= MAX;
    }

    /** {@code value} when it is in range, else 0: what an output may echo of a number from outside. */
    public static long echo(long value) {
        return inRange(value) ? value : 0;
    }
}
