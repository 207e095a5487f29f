package io.custos.data.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A value that is wholly one phone-shaped token is checked without libphonenumber's matcher; the
 * phones found must be exactly the matcher's, for valid and invalid numbers of many shapes.
 */
class PhoneShortcutTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    @Test
    void theNationalPrefixCheckIsAvailable() {
        // Otherwise numbers written without a country code all go through the (slower) matcher.
        assertTrue(PiiScanner.shortcutComplete());
    }

    @ParameterizedTest
    @ValueSource(strings = {"US", "GB", "DE", "IT", "FR", "IN", "BR"})
    void theShortcutFindsWhatTheMatcherFinds(String region) {
        PiiScanner scanner = new PiiScanner(region);
        List<String> values = values(region, new SplittableRandom(region.hashCode()), 1500);
        int tokens = 0;
        int phones = 0;
        for (String v : values) {
            List<PiiMatch> expected = scanner.phonesByMatcher(v);
            assertEquals(expected, scanner.phones(v), () -> "[" + v + "] in " + region);
            String stripped = v.strip();
            int start = v.indexOf(stripped);
            if (PiiScanner.phoneToken(v, start, start + stripped.length()) != PiiScanner.NOT_A_TOKEN) {
                tokens++;
            }
            phones += expected.isEmpty() ? 0 : 1;
        }
        // The values exercise both paths and both answers.
        assertTrue(tokens > values.size() / 3, tokens + " tokens");
        assertTrue(phones > values.size() / 10 && phones < values.size() * 9 / 10, phones + " phones");
    }

    @Test
    void aColumnOfNonPhoneTokensStillAgrees() {
        // Amounts with spaces and dotted dates are phone-shaped but not phones: after a thousand
        // misses the scan stops trying the shortcut, which must not change the findings.
        SplittableRandom r = new SplittableRandom(5);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            values.add(i % 2 == 0 ? (100 + r.nextInt(100)) + " " + (100 + r.nextInt(900)) + " " + (1000 + r.nextInt(9000))
                    : String.format(Locale.ROOT, "%02d.%02d.%04d", 1 + r.nextInt(28), 1 + r.nextInt(12), 1900 + r.nextInt(120)));
        }
        values.add("+1 415-555-2671");
        values.add("(415) 555-2671 x12");
        PiiScanner scanner = new PiiScanner("US");
        ColumnPii found = scanner.scan(new DataTable(List.of(Column.of("phone", values)))).get(0);
        long expected = values.stream().filter(v -> !scanner.phonesByMatcher(v).isEmpty()).count();
        assertEquals(expected, found.rowsWithPii());
        assertTrue(expected >= 2);
    }

    /** Valid numbers in every format, mutated, cut short, extended; ids, ages, decimals, dates. */
    static List<String> values(String region, SplittableRandom r, int n) {
        List<String> examples = new ArrayList<>();
        for (String rg : List.of(region, "US", "GB", "DE", "IT", "JP", "AU")) {
            for (PhoneNumberType t : PhoneNumberType.values()) {
                PhoneNumber p = UTIL.getExampleNumberForType(rg, t);
                if (p != null) {
                    for (PhoneNumberFormat f : PhoneNumberFormat.values()) {
                        examples.add(UTIL.format(p, f));
                    }
                    examples.add(UTIL.formatOutOfCountryCallingNumber(p, region));
                }
            }
        }
        List<String> out = new ArrayList<>();
        while (out.size() < n) {
            String e = examples.get(r.nextInt(examples.size()));
            switch (r.nextInt(20)) {
                case 0, 1, 2 -> out.add(e);
                case 3, 4, 5 -> out.add(changeDigits(e, r));
                case 6 -> out.add(e + (r.nextBoolean() ? " x" : "x") + digits(r, 1 + r.nextInt(10)));
                case 7 -> out.add("  " + e.replace(' ', '-') + " ");
                case 8 -> out.add(e.replace(" ", "").replace("-", ""));
                case 9 -> out.add(e.replace(' ', '.'));
                case 10 -> out.add(e.substring(0, Math.max(1, e.length() - 1 - r.nextInt(4))));
                case 11 -> out.add("(" + digits(r, 3) + ") " + digits(r, 3) + "-" + digits(r, 4));
                case 12 -> out.add("+" + digits(r, 1 + r.nextInt(3)) + " " + digits(r, 2 + r.nextInt(4)) + " "
                        + digits(r, 3 + r.nextInt(5)) + (r.nextBoolean() ? "" : " " + digits(r, 1 + r.nextInt(4))));
                case 13 -> out.add(digits(r, 3) + "-" + digits(r, 3) + "-" + digits(r, 4));
                case 14 -> out.add(digits(r, 7 + r.nextInt(12))); // an id
                case 15 -> out.add(Integer.toString(r.nextInt(120))); // an age
                case 16 -> out.add(r.nextInt(100_000) + "." + digits(r, 1 + r.nextInt(8))); // a decimal
                case 17 -> out.add(String.format(Locale.ROOT, "%02d.%02d.%04d", r.nextInt(32), r.nextInt(13), 1900 + r.nextInt(200)));
                case 18 -> out.add(digits(r, 2 + r.nextInt(4)) + "-" + digits(r, 2 + r.nextInt(4)) + " ("
                        + digits(r, 1 + r.nextInt(4)) + ")"); // a page reference
                default -> out.add(digits(r, 3) + " " + digits(r, 3) + " " + digits(r, 4) + " " + digits(r, 1 + r.nextInt(4)));
            }
        }
        return out;
    }

    private static String changeDigits(String s, SplittableRandom r) {
        char[] c = s.toCharArray();
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
            int i = r.nextInt(c.length);
            if (c[i] >= '0' && c[i] <= '9') {
                c[i] = (char) ('0' + r.nextInt(10));
            }
        }
        return new String(c);
    }

    private static String digits(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }
}
