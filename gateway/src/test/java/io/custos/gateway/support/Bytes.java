package io.custos.gateway.support;

import java.security.MessageDigest;
import java.util.HexFormat;

/** Deterministic test bytes: byte i is a function of i, so any offset can be produced and checked. */
public final class Bytes {

    private Bytes() {
    }

    public static byte at(long i) {
        long x = i * 0x9E3779B97F4A7C15L;
        return (byte) (x >>> 56 ^ i);
    }

    public static byte[] slice(long offset, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = at(offset + i);
        }
        return b;
    }

    public static byte[] pattern(long size) {
        return slice(0, Math.toIntExact(size));
    }

    public static String sha256(byte[] data) {
        MessageDigest d = FakeService.sha256();
        return HexFormat.of().formatHex(d.digest(data));
    }
}
