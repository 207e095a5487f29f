package io.custos.data.pii;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifiers with a fixed shape and a validity rule: US social security numbers, payment card
 * numbers and IBANs. The rule (SSA allocation limits, Luhn, ISO 13616 mod 97 and length) is what
 * keeps order numbers and account references from being reported as personal data.
 */
final class StructuredIds {

    /** ddd-dd-dddd, not glued to more digits or dashes (which would make it part of a longer code). */
    private static final Pattern SSN = Pattern.compile("(?<![\\d-])(\\d{3})-(\\d{2})-(\\d{4})(?![\\d-])");

    /**
     * 13 to 19 digits, optionally separated by single spaces or dashes, not glued to letters,
     * digits, dashes or a decimal point (so no card is found in the fraction of "0.4111...", nor
     * in the hex groups of a UUID). Separators must all be the same character (checked after).
     */
    private static final Pattern CARD = Pattern.compile(
            "(?<![\\w.,-])\\d(?:[ -]?\\d){12,18}(?![\\w-]|[.,]\\d)");

    /** IBAN length by country, from the ISO 13616 (SWIFT) registry. */
    private static final Map<String, Integer> IBAN_LENGTH = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BI", 27),
            Map.entry("BR", 29), Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28),
            Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DJ", 27), Map.entry("DK", 18), Map.entry("DO", 28),
            Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FK", 18),
            Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23),
            Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HN", 28), Map.entry("HR", 21),
            Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26),
            Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20), Map.entry("LB", 28),
            Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21),
            Map.entry("LY", 25), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19),
            Map.entry("MN", 20), Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NI", 28),
            Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("OM", 23), Map.entry("PK", 24), Map.entry("PL", 28),
            Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24), Map.entry("RS", 22),
            Map.entry("RU", 33), Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SD", 18), Map.entry("SE", 24),
            Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("SO", 23), Map.entry("ST", 25),
            Map.entry("SV", 28), Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29),
            Map.entry("VA", 22), Map.entry("VG", 24), Map.entry("XK", 20), Map.entry("YE", 30));

    private StructuredIds() {
    }

    /** Necessary for {@link #SSN}, and cheap: ddd-dd-dddd somewhere (phone numbers seldom have it). */
    static boolean mayHoldSsn(String value) {
        for (int i = 3; i + 8 <= value.length(); i++) {
            if (value.charAt(i) == '-' && value.charAt(i + 3) == '-' && digits(value, i - 3, i)
                    && digits(value, i + 1, i + 3) && digits(value, i + 4, i + 8)) {
                return true;
            }
        }
        return false;
    }

    private static boolean digits(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static void findSsns(String value, Consumer<PiiMatch> out) {
        Matcher m = SSN.matcher(value);
        while (m.find()) {
            if (validSsn(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))) {
                out.accept(new PiiMatch(PiiType.SSN, m.start(), m.end()));
            }
        }
    }

    /** SSA rules: area never 000, 666 or 900-999; group never 00; serial never 0000. */
    static boolean validSsn(int area, int group, int serial) {
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    static void findCards(String value, Consumer<PiiMatch> out) {
        Matcher m = CARD.matcher(value);
        while (m.find()) {
            String candidate = m.group();
            if (sameSeparators(candidate)) {
                String digits = candidate.replace(" ", "").replace("-", "");
                if (plausibleCard(digits)) {
                    out.accept(new PiiMatch(PiiType.CREDIT_CARD, m.start(), m.end()));
                }
            }
        }
    }

    /** "4111 1111 1111 1111" and "4111-1111-..." are cards; "4111 1111-1111 ..." is a run of codes. */
    private static boolean sameSeparators(String candidate) {
        boolean space = candidate.indexOf(' ') >= 0;
        boolean dash = candidate.indexOf('-') >= 0;
        return !(space && dash);
    }

    /**
     * Luhn-valid, with a first digit of 2 to 6: the major industry identifiers of card issuers
     * (Mastercard 2/5, Amex/Diners/JCB 3, Visa 4, Discover/UnionPay/Maestro 6). This also rules
     * out runs of zeros, which pass Luhn.
     */
    static boolean plausibleCard(String digits) {
        char first = digits.charAt(0);
        return first >= '2' && first <= '6' && luhn(digits);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /**
     * IBANs, written whole or in groups separated by single spaces. At each word start of two
     * letters and two digits, the country's registered length of letters and digits is read;
     * the IBAN must end there and pass the mod-97 check.
     */
    static void findIbans(String value, Consumer<PiiMatch> out) {
        int n = value.length();
        for (int i = 0; i + 4 <= n; i++) {
            if (!isStart(value, i)) {
                continue;
            }
            Integer length = IBAN_LENGTH.get(value.substring(i, i + 2).toUpperCase(Locale.ROOT));
            if (length == null) {
                continue;
            }
            StringBuilder iban = new StringBuilder(length);
            int j = i;
            while (j < n && iban.length() < length) {
                char ch = value.charAt(j);
                if (isAlnum(ch)) {
                    iban.append(Character.toUpperCase(ch));
                    j++;
                } else if (ch == ' ' && j + 1 < n && isAlnum(value.charAt(j + 1)) && iban.length() > 0) {
                    j++;
                } else {
                    break;
                }
            }
            if (iban.length() == length && (j == n || !isAlnum(value.charAt(j))) && mod97(iban) == 1) {
                out.accept(new PiiMatch(PiiType.IBAN, i, j));
                i = j - 1;
            }
        }
    }

    private static boolean isStart(String v, int i) {
        return (i == 0 || !isAlnum(v.charAt(i - 1))) && isAsciiLetter(v.charAt(i)) && isAsciiLetter(v.charAt(i + 1))
                && isDigit(v.charAt(i + 2)) && isDigit(v.charAt(i + 3));
    }

    /** ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end, A=10 ... Z=35. */
    static int mod97(CharSequence iban) {
        int rest = 0;
        int n = iban.length();
        for (int k = 0; k < n; k++) {
            char ch = iban.charAt((k + 4) % n);
            if (isDigit(ch)) {
                rest = (rest * 10 + (ch - '0')) % 97;
            } else {
                rest = (rest * 100 + (ch - 'A' + 10)) % 97;
            }
        }
        return rest;
    }

    private static boolean isAlnum(char ch) {
        return isDigit(ch) || isAsciiLetter(ch);
    }

    private static boolean isAsciiLetter(char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }
}
