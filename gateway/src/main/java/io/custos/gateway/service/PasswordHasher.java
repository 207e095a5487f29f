package io.custos.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (RFC 9106) with BouncyCastle, stored as a PHC string
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>} (unpadded standard base64).
 * A stored hash carries its own parameters, so verification keeps working when the configured
 * parameters change; {@link #needsRehash(String)} tells when a hash is weaker than the current ones.
 */
public final class PasswordHasher {

    /** OWASP password storage cheat sheet minimum for Argon2id. */
    public static final int DEFAULT_MEMORY_KIB = 19456;
    public static final int DEFAULT_ITERATIONS = 2;
    public static final int DEFAULT_PARALLELISM = 1;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "^\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{16,})$");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;

    public PasswordHasher(int memoryKib, int iterations, int parallelism) {
        if (parallelism < 1 || parallelism > 255) {
            throw new IllegalArgumentException("argon2 parallelism must be 1..255, was " + parallelism);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("argon2 iterations must be at least 1, was " + iterations);
        }
        if (memoryKib < 8 * parallelism) {
            throw new IllegalArgumentException("argon2 memory must be at least 8 KiB per lane, was " + memoryKib);
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        byte[] unguessable = new byte[32];
        random.nextBytes(unguessable);
        this.dummyHash = hash(B64.encodeToString(unguessable));
    }

    public static PasswordHasher owaspDefaults() {
        return new PasswordHasher(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM);
    }

    /** A fresh salt and the configured parameters. */
    public String hash(String password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /**
     * True when {@code password} matches {@code phc}. Compares in constant time; a malformed or
     * foreign hash never matches (and still costs one hash computation).
     */
    public boolean verify(String password, String phc) {
        if (password == null) {
            return false;
        }
        Parsed p = parse(phc);
        if (p == null) {
            verify(password, dummyHash);
            return false;
        }
        byte[] actual = derive(password, p.salt, p.memoryKib, p.iterations, p.parallelism, p.hash.length);
        return MessageDigest.isEqual(actual, p.hash);
    }

    /** Spends the time of one verification; used for unknown users so timing does not reveal them. */
    public void verifyDummy(String password) {
        verify(password == null ? "" : password, dummyHash);
    }

    /** True when {@code phc} was made with weaker (or unreadable) parameters than the configured ones. */
    public boolean needsRehash(String phc) {
        Parsed p = parse(phc);
        return p == null || p.memoryKib < memoryKib || p.iterations < iterations || p.hash.length < HASH_BYTES;
    }

    public int memoryKib() {
        return memoryKib;
    }

    public int iterations() {
        return iterations;
    }

    public int parallelism() {
        return parallelism;
    }

    private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    private record Parsed(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String phc) {
        if (phc == null) {
            return null;
        }
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            return null;
        }
        try {
            int mem = Integer.parseInt(m.group(1));
            int t = Integer.parseInt(m.group(2));
            int p = Integer.parseInt(m.group(3));
            if (p < 1 || p > 255 || t < 1 || mem < 8 * p || mem > 4 * 1024 * 1024) {
                return null;
            }
            return new Parsed(mem, t, p, B64D.decode(m.group(4)), B64D.decode(m.group(5)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
