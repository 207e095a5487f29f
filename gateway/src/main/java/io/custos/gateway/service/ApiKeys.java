package io.custos.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API key format: {@code ck_<8 chars a-z2-7>_<secret>}. The prefix {@code ck_<8 chars>} finds
 * the row and is safe to show; the secret is 256 random bits, base64url, made like a refresh
 * token. Only the SHA-256 (hex) of the whole key is stored, compared in constant time.
 */
public final class ApiKeys {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final int PREFIX_RANDOM_CHARS = 8; // 40 bits: collisions are checked, and practically never happen
    private static final Pattern KEY = Pattern.compile("^(ck_[a-z2-7]{8})_([A-Za-z0-9_-]{43})$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new key and its prefix; the key is shown to its owner once and never stored. */
    public record Generated(String prefix, String apiKey) {
        @Override
        public String toString() {
            return "Generated[" + prefix + ", ***]";
        }
    }

    public static Generated generate() {
        StringBuilder prefix = new StringBuilder("ck_");
        for (int i = 0; i < PREFIX_RANDOM_CHARS; i++) {
            prefix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new Generated(prefix.toString(), prefix + "_" + RefreshTokens.newToken());
    }

    /** The prefix of a well-formed key; empty for anything else, so garbage never reaches the database. */
    public static Optional<String> prefixOf(String apiKey) {
        if (apiKey == null) {
            return Optional.empty();
        }
        Matcher m = KEY.matcher(apiKey);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Lower-case hex SHA-256 of the whole key. */
    public static String hash(String apiKey) {
        return RefreshTokens.hash(apiKey);
    }

    /** Constant-time comparison of two hex hashes, so response time does not leak how much matched. */
    public static boolean hashesMatch(String presentedHash, String storedHash) {
        if (presentedHash == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(presentedHash.getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
