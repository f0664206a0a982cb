package dev.hazina.topology;

import java.util.EnumSet;
import java.util.Set;

import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferStatus;

/**
 * What the ledger may write during a rolling upgrade, the way Kafka Streams' {@code upgrade.from}
 * works. The previous release (0.1) reads ReasonCode and TransferStatus without enum defaults, so a
 * symbol it does not know fails its task when it restores a changelog or reads a result. With
 * {@code hazina.upgrade.from=0.1} this build writes only symbols 0.1 knows: the new refusals go out
 * as INVALID_REQUEST with the true reason at the start of the detail, and "no longer known" as
 * REJECTED REQUEST_TOO_OLD. It also leaves out the statements store, which 0.1 does not have: a
 * group leader running 0.1 would not create its changelog. Remove the setting in a second rolling
 * bounce once no 0.1 instance runs; statements then start from the entries posted after it.
 */
final class UpgradeCompat {

    /** The only release this build can be upgraded from. */
    static final String PREVIOUS_RELEASE = "0.1";
    /** ReasonCode symbols added since {@link #PREVIOUS_RELEASE}. */
    static final Set<ReasonCode> NEW_REASONS = EnumSet.of(ReasonCode.OPERATOR_ONLY, ReasonCode.CLOCK_SKEW);
    /** TransferStatus symbols added since {@link #PREVIOUS_RELEASE}. */
    static final Set<TransferStatus> NEW_STATUSES = EnumSet.of(TransferStatus.UNKNOWN);

    private final boolean fromPrevious;

    UpgradeCompat(String upgradeFrom) {
        this.fromPrevious = PREVIOUS_RELEASE.equals(upgradeFrom);
    }

    /** False while 0.1 instances may lead the group: the topology then has only 0.1's stores. */
    boolean keepsStatements() {
        return !fromPrevious;
    }

    /** {@code rejection} as the previous release can read it. */
    Rejection readable(Rejection rejection) {
        if (!fromPrevious || rejection == null || !NEW_REASONS.contains(rejection.reason())) {
            return rejection;
        }
        return new Rejection(ReasonCode.INVALID_REQUEST, rejection.reason() + ": " + rejection.detail());
    }

    /** {@code status} as the previous release can read it. */
    TransferStatus readable(TransferStatus status) {
        return fromPrevious && NEW_STATUSES.contains(status) ? TransferStatus.REJECTED : status;
    }
}
