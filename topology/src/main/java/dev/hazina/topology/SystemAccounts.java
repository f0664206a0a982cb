package dev.hazina.topology;

/**
 * Names of the system accounts. Each is sharded: one sub-account per currency and partition,
 * living in that partition's store, so no system account is a hot key. Reports sum the shards.
 */
public final class SystemAccounts {

    public static final String PREFIX = "SYS.";
    /** The logical payer of an ISSUE request. */
    public static final String ISSUANCE = "SYS.ISSUANCE";

    private SystemAccounts() {
    }

    public static String issuance(String currency, int partition) {
        return "SYS.ISSUANCE." + currency + "." + partition;
    }

    public static String fees(String currency, int partition) {
        return "SYS.FEES." + currency + "." + partition;
    }

    public static String transit(String currency, int partition) {
        return "SYS.TRANSIT." + currency + "." + partition;
    }

    public static boolean isSystem(String accountId) {
        return accountId.startsWith(PREFIX);
    }

    /** The issuance shards create e-money and may go negative. */
    public static boolean mayGoNegative(String accountId) {
        return accountId.startsWith("SYS.ISSUANCE.") || accountId.startsWith("SYS.TRANSIT.");
    }
}
