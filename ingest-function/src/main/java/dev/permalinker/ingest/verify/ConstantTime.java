package dev.permalinker.ingest.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Comparisons whose duration tells an attacker nothing about how much of a secret they guessed. */
final class ConstantTime {
    private ConstantTime() {
    }

    /**
     * Compares two strings in time independent of their content and length: both are hashed first, so the
     * comparison always runs over 32 bytes.
     */
    static boolean equals(String expected, String actual) {
        return matches(sha256(expected), actual);
    }

    /** Like {@link #equals} with the expected side's digest computed once, ahead of time. */
    static boolean matches(byte[] expectedDigest, String actual) {
        if (actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, sha256(actual));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
