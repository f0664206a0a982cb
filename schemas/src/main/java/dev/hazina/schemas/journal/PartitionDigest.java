package dev.hazina.schemas.journal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;

import dev.hazina.schemas.LedgerEntry;

/**
 * The running digest of one ledger-entries partition that audit checkpoints seal: each entry, in
 * offset order, extends it with SHA-256 over the digest so far, the entry's fields and the entry's
 * own hash field (empty when it has none). It reads every field itself, so an entry whose hash was
 * recomputed after tampering still changes the digest. Not thread-safe.
 */
public final class PartitionDigest {

    private static final byte[] NO_HASH = new byte[0];

    private final MessageDigest sha256 = EntryHash.sha256();
    private final EntryHash encoding = new EntryHash();
    private byte[] digest;

    /** Continues from {@code previousHex}, a checkpoint's digest, or starts the partition when it is null. */
    public PartitionDigest(String previousHex) {
        this.digest = previousHex == null ? new byte[EntryHash.SIZE] : HexFormat.of().parseHex(previousHex);
    }

    public void add(LedgerEntry entry) {
        sha256.update(digest);
        encoding.fields(sha256, entry);
        ByteBuffer hash = entry.getHash();
        if (hash == null) {
            sha256.update(NO_HASH);
        } else {
            sha256.update(hash.duplicate());
        }
        digest = sha256.digest();
    }

    public String hex() {
        return HexFormat.of().formatHex(digest);
    }
}
