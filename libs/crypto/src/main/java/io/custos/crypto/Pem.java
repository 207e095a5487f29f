package io.custos.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Minimal RFC 7468 PEM: one block with a known label, base64 body, no headers. That is all OpenSSL writes for
 * unencrypted PKCS#8 and SubjectPublicKeyInfo, so there is no need for a general PEM parser (bcpkix).
 */
final class Pem {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private Pem() {
    }

    /** A PEM block with 64-column lines and a trailing newline, as OpenSSL writes it. */
    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return BEGIN + label + DASHES + "\n" + body + "\n" + END + label + DASHES + "\n";
    }

    /** The label of the first PEM block in {@code text}, or null when there is none. */
    static String firstLabel(String text) {
        int begin = text.indexOf(BEGIN);
        if (begin < 0) {
            return null;
        }
        int close = text.indexOf(DASHES, begin + BEGIN.length());
        return close < 0 ? null : text.substring(begin + BEGIN.length(), close);
    }

    /**
     * The DER bytes of the single block labelled {@code label}. Text around the block is ignored (RFC 7468 allows
     * it); a different label, headers (legacy encrypted PEM), a second block or a bad body are rejected.
     */
    static byte[] decode(String label, String text) {
        if (text == null) {
            throw new IllegalArgumentException("no PEM text");
        }
        String found = firstLabel(text);
        if (found == null) {
            throw new IllegalArgumentException("no PEM block found (expected -----BEGIN " + label + "-----)");
        }
        if (!found.equals(label)) {
            throw new IllegalArgumentException(
                    "expected a PEM block -----BEGIN " + label + "-----, found -----BEGIN " + found + "-----");
        }
        String beginLine = BEGIN + label + DASHES;
        String endLine = END + label + DASHES;
        int bodyStart = text.indexOf(beginLine) + beginLine.length();
        int bodyEnd = text.indexOf(endLine, bodyStart);
        if (bodyEnd < 0) {
            throw new IllegalArgumentException("PEM block has no " + endLine + " line");
        }
        if (text.indexOf(BEGIN, bodyEnd) >= 0) {
            throw new IllegalArgumentException("more than one PEM block; expected exactly one " + label);
        }
        String body = text.substring(bodyStart, bodyEnd);
        if (body.indexOf(':') >= 0) {
            throw new IllegalArgumentException("PEM headers (legacy encrypted PEM) are not supported");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM body is not valid base64: " + e.getMessage(), e);
        }
        if (der.length == 0) {
            throw new IllegalArgumentException("empty PEM body");
        }
        return der;
    }
}
