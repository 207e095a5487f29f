package io.custos.data.transform;

import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Format-preserving encryption of a piece of text with FF1 (NIST SP 800-38G) over AES-256, as
 * used by format_preserving redaction. The ASCII digits of the text are encrypted together as one
 * radix-10 string and its ASCII letters as one radix-26 string (each letter keeping its case), and
 * the results are written back into the same positions: length, separators and the class of every
 * character stay, and the same text under the same key always gives the same result, so joins on
 * the redacted column still work. The tweak is empty, so equal values in different columns match.
 *
 * <p>FF1 needs a domain of at least {@value #MIN_DOMAIN} (six digits, or five letters). Digits or
 * letters too few for that are replaced with the mask character instead: they cannot be
 * encrypted safely, and cannot be recovered. Other letters and digits (outside ASCII) are masked
 * too. Everything else (punctuation, spaces, '@') is kept.
 *
 * <p>Stateless: a fresh engine per call, so one instance may be shared between threads.
 */
public final class FormatPreservingCipher {

    public static final int KEY_BYTES = 32;

    /** Smallest radix^length FF1 accepts (NIST SP 800-38G rev. 1). */
    public static final int MIN_DOMAIN = 1_000_000;

    private final byte[] key;

    public FormatPreservingCipher(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an FF1 key has " + KEY_BYTES + " bytes");
        }
        this.key = key.clone();
    }

    /** Whether this many characters of this radix can be encrypted. */
    public static boolean encryptable(int radix, int length) {
        return Math.pow(radix, length) >= MIN_DOMAIN;
    }

    /** The result of encrypting a text: the new text, and whether some characters had to be masked. */
    public record Encrypted(String text, boolean masked) {
    }

    public Encrypted encrypt(String text, char maskChar) {
        return transform(text, maskChar, true);
    }

    /** The inverse of {@link #encrypt} for every character that was encrypted rather than masked. */
    public String decrypt(String text) {
        return transform(text, '\0', false).text();
    }

    private Encrypted transform(String text, char maskChar, boolean forEncryption) {
        char[] chars = text.toCharArray();
        int digits = 0;
        int letters = 0;
        for (char ch : chars) {
            if (isAsciiDigit(ch)) {
                digits++;
            } else if (isAsciiLetter(ch)) {
                letters++;
            }
        }
        boolean masked = false;
        boolean encryptDigits = encryptable(10, digits);
        boolean encryptLetters = encryptable(26, letters);
        byte[] digitValues = new byte[digits];
        byte[] letterValues = new byte[letters];
        int d = 0;
        int l = 0;
        for (char ch : chars) {
            if (isAsciiDigit(ch)) {
                digitValues[d++] = (byte) (ch - '0');
            } else if (isAsciiLetter(ch)) {
                letterValues[l++] = (byte) (Character.toLowerCase(ch) - 'a');
            }
        }
        if (encryptDigits) {
            digitValues = ff1(digitValues, 10, forEncryption);
        }
        if (encryptLetters) {
            letterValues = ff1(letterValues, 26, forEncryption);
        }
        d = 0;
        l = 0;
        for (int i = 0; i < chars.length; i++) {
            char ch = chars[i];
            if (isAsciiDigit(ch)) {
                byte v = digitValues[d++];
                if (encryptDigits) {
                    chars[i] = (char) ('0' + v);
                } else if (forEncryption) {
                    chars[i] = maskChar;
                    masked = true;
                }
            } else if (isAsciiLetter(ch)) {
                byte v = letterValues[l++];
                if (encryptLetters) {
                    chars[i] = (char) ((Character.isUpperCase(ch) ? 'A' : 'a') + v);
                } else if (forEncryption) {
                    chars[i] = maskChar;
                    masked = true;
                }
            } else if (forEncryption && Character.isLetterOrDigit(Character.codePointAt(chars, i))) {
                // A letter outside ASCII (both halves when it is a surrogate pair).
                int width = Character.charCount(Character.codePointAt(chars, i));
                for (int j = 0; j < width; j++) {
                    chars[i + j] = maskChar;
                }
                i += width - 1;
                masked = true;
            }
        }
        return new Encrypted(new String(chars), masked);
    }

    private byte[] ff1(byte[] in, int radix, boolean forEncryption) {
        FPEFF1Engine engine = new FPEFF1Engine();
        engine.init(forEncryption, new FPEParameters(new KeyParameter(key), radix, new byte[0]));
        byte[] out = new byte[in.length];
        engine.processBlock(in, 0, in.length, out, 0);
        return out;
    }

    private static boolean isAsciiDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    private static boolean isAsciiLetter(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    }
}
