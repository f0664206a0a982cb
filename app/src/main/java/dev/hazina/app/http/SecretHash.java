package dev.hazina.app.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The stored form of an HTTP user's secret: {@code sha256:SALT:HASH}, both Base64, the hash over
 * salt then secret. A fast hash is enough because the secrets are not chosen by people:
 * {@link #newSecret()} draws 256 random bits, which no offline guessing can reach, stretched or not
 * (API-token stores do the same). It also means a wrong secret costs the server microseconds, so
 * failed logins cannot be used to burn its CPU.
 */
public final class SecretHash {

    private static final String SCHEME = "sha256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private SecretHash() {
    }

    /** A new secret: 32 random bytes, URL-safe Base64, safe in a Basic header and a shell. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return SCHEME + ":" + ENCODER.encodeToString(salt) + ":" + ENCODER.encodeToString(digest(salt, secret));
    }

    /** Whether {@code secret} is the one {@code stored} was made from, compared in constant time. */
    public static boolean matches(String secret, String stored) {
        String[] parts = parse(stored);
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        return MessageDigest.isEqual(digest(salt, secret), Base64.getDecoder().decode(parts[2]));
    }

    /** The three parts of a stored hash; IllegalArgumentException naming what is wrong otherwise. */
    static String[] parse(String stored) {
        String[] parts = stored.split(":", -1);
        if (parts.length != 3 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("a stored secret is " + SCHEME + ":SALT:HASH, not '" + stored + "'");
        }
        if (Base64.getDecoder().decode(parts[2]).length != 32) {
            throw new IllegalArgumentException("the hash of a stored secret is 32 bytes of Base64");
        }
        Base64.getDecoder().decode(parts[1]);
        return parts;
    }

    private static byte[] digest(byte[] salt, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
