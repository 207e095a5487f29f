package io.custos.governance.core.mlflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The recorded MLflow 2.17 answers under {@code src/test/resources/mlflow/}, and facts taken from them. */
final class Fixtures {

    static final String CREDIT = "credit-risk-model";
    static final String CHURN = "churn-model";
    /** credit-risk-model v1: the run whose runs/get, artifacts and MLmodel were all recorded. */
    static final String CREDIT_V1_RUN = "cef9e902cd484665b4b5a9f02b0b7d6b";
    static final String CREDIT_V2_RUN = "fe2c2654dc584fce855bb7e0458b56f6";
    static final String CREDIT_V3_RUN = "71dab52b62a04de98106d43446d9cb44";
    static final String CHURN_V1_RUN = "40da744669ee4d82a00a84d74dd2ae36";
    static final String CHURN_V2_RUN = "0dad59c0352d4c38b0e9992b2350c02f";
    /** The largest last_updated_timestamp in the recordings (churn-model and its version 2). */
    static final long MAX_LAST_UPDATED = 1795447293904L;

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/mlflow/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
