package io.custos.ml.noise;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Randomness from the JDK's NIST SP 800-90A DRBG, seeded by the operating system; the source
 * every private run uses. Known limit: Box-Muller on doubles is the textbook sampler, not a
 * discrete Gaussian, so it inherits floating-point artefacts (Mironov 2012) that no
 * mainstream DP-SGD library avoids either.
 */
public final class SecureRandomSource extends BlockGaussianSource {

    private final SecureRandom random;
    private final String algorithm;

    public SecureRandomSource() {
        SecureRandom r;
        try {
            r = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            r = new SecureRandom();
        }
        this.random = r;
        this.algorithm = r.getAlgorithm();
    }

    @Override
    protected void fill(byte[] block) {
        random.nextBytes(block);
    }

    @Override
    public boolean secure() {
        return true;
    }

    @Override
    public String describe() {
        return "SecureRandom " + algorithm;
    }
}
