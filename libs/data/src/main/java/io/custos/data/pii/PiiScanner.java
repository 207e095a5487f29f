package io.custos.data.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.custos.data.DataException;
import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Finds personal data in a table, column by column, reporting kinds, row counts and row numbers
 * but never the values.
 *
 * <p>What is recognised:
 * <ul>
 *   <li>{@link PiiType#EMAIL}: local@domain.tld with ASCII letters, digits and the usual
 *       punctuation in the local part and dot-separated labels in the domain.</li>
 *   <li>{@link PiiType#PHONE}: numbers libphonenumber finds with {@code Leniency.VALID} for the
 *       default region (or any region when written with +country code), with at least
 *       {@value #MIN_PHONE_DIGITS} digits, not part of a longer token (a letter or digit next to
 *       it, or joined to it by '.', ',' or '-': "3.14159265358" and the tail of a UUID hold no
 *       phone). A value that is a plain number (digits with an optional sign, thousands separators
 *       or decimals, no '+') is a phone only in a column whose header says phone: elsewhere it is
 *       an id or an amount, and a ten-digit customer id must not be reported as a phone. An ISO
 *       date or timestamp holds no phone.</li>
 *   <li>{@link PiiType#SSN}: ddd-dd-dddd within the SSA rules (area not 000, 666 or 900-999,
 *       group not 00, serial not 0000). Undashed nine-digit numbers are not taken: they are far
 *       more often ids.</li>
 *   <li>{@link PiiType#CREDIT_CARD}: 13 to 19 digits, optionally grouped with spaces or dashes
 *       (one kind), passing Luhn, with a card issuer's first digit (2 to 6).</li>
 *   <li>{@link PiiType#IBAN}: country code, check digits and the country's registered length,
 *       passing the ISO 13616 mod-97 check; whole or in space-separated groups.</li>
 *   <li>{@link PiiType#IP_ADDRESS}: dotted IPv4 (octets 0-255, no leading zeros) and IPv6 in its
 *       RFC 4291 text forms.</li>
 *   <li>{@link PiiType#DATE_OF_BIRTH}: see {@link BirthDates}: dates in a date-of-birth column,
 *       or after a cue such as "born" or "DOB" anywhere.</li>
 *   <li>{@link PiiType#PERSON_NAME}: the whole (stripped) value of a name column (see
 *       {@link HeaderHints}) when it holds at least one letter. Names in free text are not
 *       looked for: without a model that misses or invents far too many.</li>
 * </ul>
 *
 * <p>Matches of different kinds may overlap ("+1 212 555 0100" in a name column). The kept
 * matches are chosen by kind, in this order: email, IBAN, card, SSN, IP address, date of birth,
 * phone, person name (kinds with a checksum or a rigid shape first), then the longer match, then
 * the earlier one; a match overlapping one already kept is dropped.
 *
 * <p>Missing values ({@link Column#isMissing}) are never personal data. Each distinct value is
 * examined once and weighted by its row count; before any regular expression or libphonenumber
 * runs, one pass over the characters rules out most detectors (no '@', too few digits, no dots
 * or colons, no "-dd-" for an SSN), which keeps columns of short numbers and categories cheap. A
 * column of at least {@value #PARALLEL_FROM} distinct values is examined on the common fork-join
 * pool.
 *
 * <p>libphonenumber's matcher ({@code findNumbers}) costs about 20 microseconds a value. A value
 * that is wholly one phone-shaped token (ASCII digits with + ( ) - . space separators and an
 * optional "x" extension; see {@code phoneToken}) is instead checked the way the matcher checks
 * its candidate, which for such a token is the whole token: the same bracket and
 * publication-page screens, {@code parseAndKeepRawInput} and the {@code Leniency.VALID} tests
 * (valid number, 'x' only as extension, national prefix present where the region's format needs
 * one). When the token is a valid phone that is the matcher's one match; when it is not, the
 * matcher could still find a number inside it after a space, '.' or '(' (its "inner matches"), so
 * such tokens go to the matcher, while a token without those has no phone at all. The result is
 * the matcher's; free text always goes to the matcher. Parsing and validating, which every
 * distinct number needs, are then almost all of the cost: on two cores a million distinct
 * formatted phone numbers take about eight seconds (thirteen through the matcher); a million ids,
 * amounts, UUIDs, timestamps or emails well under one.
 *
 * <p>A scanner is immutable and safe to share between threads.
 */
public final class PiiScanner {

    /** Most row numbers given per finding. */
    public static final int SAMPLE_ROWS = 5;

    /** Fewest digits in a phone number: shorter runs are extensions, codes and counts. */
    public static final int MIN_PHONE_DIGITS = 7;

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
                    + "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])");

    /**
     * A value that is just a number (optionally negative, with thousands separators, a decimal
     * part or an exponent, but no '+'): no phone unless the header says phone.
     */
    private static final Pattern PLAIN_NUMBER = Pattern.compile(
            "-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:[.,]\\d+)?(?:[eE][-+]?\\d+)?");

    /** An ISO date or timestamp: a whole value like this holds no phone, however many digits. */
    private static final Pattern ISO_TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?");

    /** Kinds in the order overlapping matches are kept (see the class comment). */
    private static final List<PiiType> PRECEDENCE = List.of(PiiType.EMAIL, PiiType.IBAN, PiiType.CREDIT_CARD,
            PiiType.SSN, PiiType.IP_ADDRESS, PiiType.DATE_OF_BIRTH, PiiType.PHONE, PiiType.PERSON_NAME);

    private static final Comparator<PiiMatch> KEEP_ORDER = Comparator
            .<PiiMatch>comparingInt(m -> PRECEDENCE.indexOf(m.type()))
            .thenComparingInt(m -> m.start() - m.end())
            .thenComparingInt(PiiMatch::start);

    private static final PiiType[] TYPES = PiiType.values();

    /** Distinct values from which a column's values are examined in parallel. */
    public static final int PARALLEL_FROM = 20_000;

    /**
     * libphonenumber's {@code PhoneNumberMatcher.MATCHING_BRACKETS} (9.x): brackets in a candidate
     * must pair up, at most four pairs.
     */
    private static final Pattern MATCHING_BRACKETS = Pattern.compile(
            "(?:[(\\[\uFF08\uFF3B])?(?:[^(\\[\uFF08\uFF3B)\\]\uFF09\uFF3D]+[)\\]\uFF09\uFF3D])?"
                    + "[^(\\[\uFF08\uFF3B)\\]\uFF09\uFF3D]+"
                    + "(?:[(\\[\uFF08\uFF3B][^(\\[\uFF08\uFF3B)\\]\uFF09\uFF3D]+[)\\]\uFF09\uFF3D]){0,3}"
                    + "[^(\\[\uFF08\uFF3B)\\]\uFF09\uFF3D]*");

    /** libphonenumber's {@code PhoneNumberMatcher.PUB_PAGES}: "211-227 (2003)" is a page reference. */
    private static final Pattern PUB_PAGES = Pattern.compile("\\d{1,5}-+\\d{1,5}\\s{0,4}\\(\\d{1,4}");

    /**
     * libphonenumber's {@code PhoneNumberMatcher.isNationalPrefixPresentIfRequired}, the third test
     * of {@code Leniency.VALID}; package-private there, so looked up once. Without it (another
     * libphonenumber), numbers written without a country code go to the matcher.
     */
    private static final MethodHandle NATIONAL_PREFIX_CHECK = nationalPrefixCheck();

    /** Most digits in a token the shortcut takes (the matcher's digit-block limit is 20). */
    private static final int MAX_TOKEN_DIGITS = 20;

    private final PhoneNumberUtil phoneUtil = PhoneNumberUtil.getInstance();
    private final String phoneRegion;

    /**
     * @param defaultPhoneRegion ISO 3166 two-letter region for phone numbers written without a
     *     +country code, e.g. "US"
     */
    public PiiScanner(String defaultPhoneRegion) {
        String region = defaultPhoneRegion == null ? "" : defaultPhoneRegion.strip().toUpperCase(Locale.ROOT);
        if (!phoneUtil.getSupportedRegions().contains(region)) {
            throw new DataException("defaultPhoneRegion", "'" + defaultPhoneRegion
                    + "' is not a phone region: use an ISO 3166 two-letter country code such as US, GB, DE or FR");
        }
        this.phoneRegion = region;
    }

    /** One entry per column, in header order; a column without personal data has no findings. */
    public List<ColumnPii> scan(DataTable table) {
        List<ColumnPii> out = new ArrayList<>(table.columns().size());
        for (Column column : table.columns()) {
            out.add(scan(column));
        }
        return out;
    }

    private ColumnPii scan(Column column) {
        HeaderHints hints = HeaderHints.of(column.name());
        List<String> dictionary = column.dictionary();
        int[] counts = column.counts();
        int[] typesOfCode = new int[dictionary.size()];
        IntStream codes = IntStream.range(0, typesOfCode.length);
        PhoneShortcut shortcut = new PhoneShortcut();
        // Distinct values are independent; a column of a million distinct phones or free-text
        // notes is worth spreading over the cores.
        (typesOfCode.length >= PARALLEL_FROM ? codes.parallel() : codes)
                .forEach(code -> typesOfCode[code] = typesIn(dictionary.get(code), hints, shortcut));
        long[] rowsOfType = new long[TYPES.length];
        long rowsWithPii = 0;
        for (int code = 0; code < typesOfCode.length; code++) {
            int types = typesOfCode[code];
            if (types != 0) {
                rowsWithPii += counts[code];
                for (PiiType t : TYPES) {
                    if ((types & (1 << t.ordinal())) != 0) {
                        rowsOfType[t.ordinal()] += counts[code];
                    }
                }
            }
        }
        List<List<Integer>> samples = sampleRows(column, typesOfCode, rowsOfType);
        List<PiiFinding> findings = new ArrayList<>();
        for (PiiType t : TYPES) {
            if (rowsOfType[t.ordinal()] > 0) {
                findings.add(new PiiFinding(t, rowsOfType[t.ordinal()], samples.get(t.ordinal())));
            }
        }
        return new ColumnPii(column.name(), rowsWithPii, findings);
    }

    /** The kinds found in a value, as bits by ordinal. */
    private int typesIn(String value, HeaderHints hints, PhoneShortcut shortcut) {
        int types = 0;
        for (PiiMatch m : find(value, hints, shortcut)) {
            types |= 1 << m.type().ordinal();
        }
        return types;
    }

    /** The first rows of each kind, walking the rows only until every kind has its samples. */
    private static List<List<Integer>> sampleRows(Column column, int[] typesOfCode, long[] rowsOfType) {
        List<List<Integer>> samples = new ArrayList<>();
        long wanted = 0;
        for (PiiType t : TYPES) {
            samples.add(new ArrayList<>(SAMPLE_ROWS));
            wanted += Math.min(SAMPLE_ROWS, rowsOfType[t.ordinal()]);
        }
        for (int row = 0; row < column.size() && wanted > 0; row++) {
            int types = typesOfCode[column.code(row)];
            if (types == 0) {
                continue;
            }
            for (PiiType t : TYPES) {
                List<Integer> s = samples.get(t.ordinal());
                if ((types & (1 << t.ordinal())) != 0 && s.size() < SAMPLE_ROWS) {
                    s.add(row + 1);
                    wanted--;
                }
            }
        }
        return samples;
    }

    /**
     * All personal data in one value, non-overlapping and sorted by start.
     *
     * @param columnName the value's column header, which decides names, dates of birth and bare
     *     phone numbers (see {@link HeaderHints}); null when unknown
     */
    public List<PiiMatch> find(String value, String columnName) {
        return find(value, HeaderHints.of(columnName));
    }

    List<PiiMatch> find(String value, HeaderHints hints) {
        return find(value, hints, null);
    }

    private List<PiiMatch> find(String value, HeaderHints hints, PhoneShortcut shortcut) {
        if (value == null || Column.isMissing(value)) {
            return List.of();
        }
        int digits = 0;
        int dots = 0;
        int colons = 0;
        int dashes = 0;
        int letters = 0;
        boolean at = false;
        int cardRun = 0; // digits in a run joined only by spaces or dashes, as a card number is
        int longestCardRun = 0;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch >= '0' && ch <= '9') {
                digits++;
                longestCardRun = Math.max(longestCardRun, ++cardRun);
                continue;
            }
            if (ch != ' ' && ch != '-') {
                cardRun = 0;
            }
            switch (ch) {
                case '.' -> dots++;
                case ':' -> colons++;
                case '-' -> dashes++;
                case '@' -> at = true;
                default -> letters += Character.isLetter(ch) ? 1 : 0;
            }
        }
        List<PiiMatch> candidates = new ArrayList<>(2);
        Consumer<PiiMatch> add = candidates::add;
        if (at) {
            Matcher m = EMAIL.matcher(value);
            while (m.find()) {
                add.accept(new PiiMatch(PiiType.EMAIL, m.start(), m.end()));
            }
        }
        if (digits >= 2 && letters >= 2 && value.length() >= 15) {
            StructuredIds.findIbans(value, add);
        }
        if (longestCardRun >= 13) {
            StructuredIds.findCards(value, add);
        }
        if (digits >= 9 && dashes >= 2 && StructuredIds.mayHoldSsn(value)) {
            StructuredIds.findSsns(value, add);
        }
        if (digits >= 4 && dots >= 3) {
            IpAddresses.findIpv4(value, add);
        }
        // Eight groups, or fewer with "::": times such as 10:00:00 are not looked at.
        if (colons >= 7 || (colons >= 2 && value.contains("::"))) {
            IpAddresses.findIpv6(value, add);
        }
        if (digits >= 4) {
            if (hints.dateOfBirth()) {
                BirthDates.findInBirthColumn(value, add);
            } else if (letters >= 3 && BirthDates.mayHaveCue(value)) {
                BirthDates.findAfterCue(value, add);
            }
        }
        // A value that is wholly an email, card, IP address... holds no phone that would survive
        // the overlap rule, so libphonenumber is not asked (it would find "10.1.20.200" a number).
        if (digits >= MIN_PHONE_DIGITS && !coversWholeValue(candidates, value) && mayHoldPhone(value, hints)) {
            findPhones(value, add, shortcut);
        }
        if (hints.personName() && letters > 0) {
            int start = 0;
            int end = value.length();
            while (Character.isWhitespace(value.charAt(start))) {
                start++;
            }
            while (Character.isWhitespace(value.charAt(end - 1))) {
                end--;
            }
            add.accept(new PiiMatch(PiiType.PERSON_NAME, start, end));
        }
        return keepNonOverlapping(candidates);
    }

    /**
     * Cheap tests before libphonenumber, which costs tens of microseconds a value: the value is
     * neither a plain number (outside a phone column) nor an ISO date or timestamp, and has
     * {@value #MIN_PHONE_DIGITS} digits in a row held together only by phone punctuation and not
     * glued to a longer token (see {@link #glued}): in "a716-446655440000", the tail of a UUID,
     * no count starts; in "Room B2 415-555-2671" it starts again after the space.
     */
    private static boolean mayHoldPhone(String value, HeaderHints hints) {
        int longest = 0;
        int counted = 0; // digits since counting started in this run
        int sinceSpace = 0; // of which after the run's last space
        boolean counting = false;
        for (int i = 0; i <= value.length(); i++) {
            char ch = i < value.length() ? value.charAt(i) : '\n';
            if (ch >= '0' && ch <= '9') {
                if (!counting && !gluedBefore(value, i)) {
                    counting = true;
                    counted = 0;
                    sinceSpace = 0;
                }
                if (counting) {
                    counted++;
                    sinceSpace++;
                }
            } else if (ch == ' ' || ch == '\t') {
                sinceSpace = 0;
            } else if ("-.()/+".indexOf(ch) < 0) {
                // The run ends. A letter right after its last digit taints the digits since the
                // last space ("2671B"), unless it is an extension ("2671x12").
                boolean tainted = Character.isLetter(ch) && i > 0 && Character.isDigit(value.charAt(i - 1))
                        && gluedAfter(value, i);
                if (counting) {
                    longest = Math.max(longest, tainted ? counted - sinceSpace : counted);
                }
                counting = false;
            }
        }
        if (longest < MIN_PHONE_DIGITS) {
            return false;
        }
        String stripped = value.strip();
        if (!hints.phone() && mayBePlainNumber(stripped) && PLAIN_NUMBER.matcher(stripped).matches()) {
            return false;
        }
        return !(mayBeIsoTimestamp(stripped) && ISO_TIMESTAMP.matcher(stripped).matches());
    }

    /** Necessary for {@link #PLAIN_NUMBER}: a '-' or digit first, and no space. */
    private static boolean mayBePlainNumber(String s) {
        return !s.isEmpty() && (s.charAt(0) == '-' || isAsciiDigit(s.charAt(0))) && s.indexOf(' ') < 0;
    }

    /** Necessary for {@link #ISO_TIMESTAMP}: dddd-dd-dd at the start. */
    private static boolean mayBeIsoTimestamp(String s) {
        return s.length() >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-';
    }

    private void findPhones(String value, Consumer<PiiMatch> out, PhoneShortcut shortcut) {
        int start = 0;
        int end = value.length();
        while (start < end && Character.isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        int shape = phoneToken(value, start, end);
        if (shape != NOT_A_TOKEN && (shape == CLOSED_TOKEN || shortcut == null || shortcut.worthTrying())) {
            String token = value.substring(start, end);
            int verdict = wholeToken(token);
            if (verdict == PHONE) {
                // The matcher's one match: the whole token, with white space (or nothing) around it.
                if (countDigits(token) >= MIN_PHONE_DIGITS) {
                    out.accept(new PiiMatch(PiiType.PHONE, start, end));
                }
                return;
            }
            if (verdict == NO_PHONE && shape == CLOSED_TOKEN) {
                return; // the matcher looks for no inner match without a space, '.' or '('
            }
            if (shortcut != null && shape == OPEN_TOKEN) {
                shortcut.fellBack();
            }
        }
        phonesByMatcher(value, out);
    }

    /** Phones as libphonenumber's matcher finds them, with this scanner's digit and token rules. */
    private void phonesByMatcher(String value, Consumer<PiiMatch> out) {
        for (PhoneNumberMatch m : phoneUtil.findNumbers(value, phoneRegion, PhoneNumberUtil.Leniency.VALID,
                Long.MAX_VALUE)) {
            if (countDigits(m.rawString()) >= MIN_PHONE_DIGITS && !glued(value, m.start(), m.end())) {
                out.accept(new PiiMatch(PiiType.PHONE, m.start(), m.end()));
            }
        }
    }

    /** The phones {@link #find} looks for in a value that passed its cheap tests (for tests). */
    List<PiiMatch> phones(String value) {
        List<PiiMatch> out = new ArrayList<>();
        findPhones(value, out::add, null);
        return out;
    }

    /** The same, always through the matcher (for tests). */
    List<PiiMatch> phonesByMatcher(String value) {
        List<PiiMatch> out = new ArrayList<>();
        phonesByMatcher(value, out::add);
        return out;
    }

    /** {@link #phoneToken}: not a phone-shaped token; the matcher decides. */
    static final int NOT_A_TOKEN = 0;
    /** A phone-shaped token with no space, '.' or '(' , where the matcher looks for no inner match. */
    static final int CLOSED_TOKEN = 1;
    /** A phone-shaped token with a space, '.' or '(' , where the matcher may find an inner match. */
    static final int OPEN_TOKEN = 2;

    /**
     * Whether {@code value[start, end)} (a stripped value) is one token that libphonenumber's
     * matcher pattern takes whole as its first and only candidate: ASCII digits (at most
     * {@value #MAX_TOKEN_DIGITS}), ending in a digit, beginning with a digit, '+' or '('; before
     * the first digit at most one '+' or '(' and four more of "( ) - . space"; between digit groups
     * one to four of "( ) - . space x X", with at most one 'x' (an extension mark, "415-555-2671 x12").
     * No slash, so none of the matcher's date, second-number or slash checks apply.
     */
    static int phoneToken(String value, int start, int end) {
        if (end - start < MIN_PHONE_DIGITS) {
            return NOT_A_TOKEN;
        }
        char first = value.charAt(start);
        if (!(isAsciiDigit(first) || first == '+' || first == '(') || !isAsciiDigit(value.charAt(end - 1))) {
            return NOT_A_TOKEN;
        }
        int digits = 0;
        int run = 0; // separators since the last digit
        boolean lead = !isAsciiDigit(first); // still before the first digit
        int xs = 0;
        boolean open = false;
        for (int i = start; i < end; i++) {
            char ch = value.charAt(i);
            if (isAsciiDigit(ch)) {
                digits++;
                run = 0;
                lead = false;
                continue;
            }
            if (ch == '+') {
                if (i != start) {
                    return NOT_A_TOKEN;
                }
            } else if (ch == 'x' || ch == 'X') {
                if (lead || ++xs > 1) {
                    return NOT_A_TOKEN;
                }
            } else if (ch == ' ' || ch == '.' || ch == '(') {
                open = true;
            } else if (ch != '-' && ch != ')') {
                return NOT_A_TOKEN;
            }
            run++;
            // The lead: '+' or '(' then at most four separators; between groups one to four.
            if (run > (lead ? 5 : 4)) {
                return NOT_A_TOKEN;
            }
        }
        if (digits > MAX_TOKEN_DIGITS) {
            return NOT_A_TOKEN;
        }
        return open ? OPEN_TOKEN : CLOSED_TOKEN;
    }

    /** {@link #wholeToken}: the token is a phone at {@code Leniency.VALID}. */
    private static final int PHONE = 1;
    /** {@link #wholeToken}: the whole token is not. */
    private static final int NO_PHONE = 0;
    /** {@link #wholeToken}: cannot tell without the matcher. */
    private static final int ASK_MATCHER = -1;

    /**
     * What the matcher's {@code parseAndVerify} says of the whole token at {@code Leniency.VALID}
     * (its neighbours are white space or nothing, so the letter and currency checks pass).
     */
    private int wholeToken(String token) {
        boolean brackets = token.indexOf('(') >= 0 || token.indexOf(')') >= 0;
        if (brackets && (!MATCHING_BRACKETS.matcher(token).matches() || PUB_PAGES.matcher(token).find())) {
            return NO_PHONE;
        }
        PhoneNumber number;
        try {
            number = phoneUtil.parseAndKeepRawInput(token, phoneRegion);
        } catch (NumberParseException e) {
            return NO_PHONE;
        }
        if (!phoneUtil.isValidNumber(number) || !containsOnlyValidXChars(number, token)) {
            return NO_PHONE;
        }
        if (NATIONAL_PREFIX_CHECK == null) {
            // libphonenumber's rule starts with this: written with a country code, no national
            // prefix is needed; otherwise only its own check can tell.
            return number.getCountryCodeSource() != PhoneNumber.CountryCodeSource.FROM_DEFAULT_COUNTRY
                    ? PHONE : ASK_MATCHER;
        }
        try {
            return (boolean) NATIONAL_PREFIX_CHECK.invokeExact(number, phoneUtil) ? PHONE : NO_PHONE;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * libphonenumber's {@code PhoneNumberMatcher.containsOnlyValidXChars}: an 'x' is either a
     * carrier code ("xx") before the national number or the extension sign before the extension.
     */
    private boolean containsOnlyValidXChars(PhoneNumber number, String candidate) {
        for (int index = 0; index < candidate.length() - 1; index++) {
            char ch = candidate.charAt(index);
            if (ch == 'x' || ch == 'X') {
                char next = candidate.charAt(index + 1);
                if (next == 'x' || next == 'X') {
                    index++;
                    if (phoneUtil.isNumberMatch(number, candidate.substring(index))
                            != PhoneNumberUtil.MatchType.NSN_MATCH) {
                        return false;
                    }
                } else if (!PhoneNumberUtil.normalizeDigitsOnly(candidate.substring(index))
                        .equals(number.getExtension())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static MethodHandle nationalPrefixCheck() {
        try {
            Class<?> matcher = Class.forName("com.google.i18n.phonenumbers.PhoneNumberMatcher");
            Method m = matcher.getDeclaredMethod("isNationalPrefixPresentIfRequired", PhoneNumber.class,
                    PhoneNumberUtil.class);
            if (m.getReturnType() != boolean.class) {
                return null;
            }
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether every phone-shaped token can take the shortcut (for a test). */
    static boolean shortcutComplete() {
        return NATIONAL_PREFIX_CHECK != null;
    }

    /**
     * The span {@code [start, end)} is part of a longer token, so not a phone by itself: next to
     * it is a letter or digit, or a '.', ',' or '-' with a letter or digit beyond (the fraction
     * of "3.14159265358", the last group of a UUID). An extension ("x12") is not a letter.
     */
    static boolean glued(String value, int start, int end) {
        return gluedBefore(value, start) || gluedAfter(value, end);
    }

    private static boolean gluedBefore(String value, int start) {
        if (start == 0) {
            return false;
        }
        char before = value.charAt(start - 1);
        return Character.isLetterOrDigit(before)
                || (".,-".indexOf(before) >= 0 && start > 1 && Character.isLetterOrDigit(value.charAt(start - 2)));
    }

    private static boolean gluedAfter(String value, int end) {
        if (end >= value.length()) {
            return false;
        }
        char after = value.charAt(end);
        boolean next = end + 1 < value.length() && Character.isLetterOrDigit(value.charAt(end + 1));
        if ((after == 'x' || after == 'X') && next && Character.isDigit(value.charAt(end + 1))) {
            return false; // an extension: 415-555-2671x12
        }
        return Character.isLetterOrDigit(after) || (".,-".indexOf(after) >= 0 && next);
    }

    private static boolean coversWholeValue(List<PiiMatch> candidates, String value) {
        for (PiiMatch m : candidates) {
            if (isBlank(value, 0, m.start()) && isBlank(value, m.end(), value.length())) {
                return true;
            }
        }
        return false;
    }

    /** {@code value.substring(from, to).isBlank()} (white space is never a surrogate). */
    private static boolean isBlank(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    private static int countDigits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    private static List<PiiMatch> keepNonOverlapping(List<PiiMatch> candidates) {
        if (candidates.size() <= 1) {
            return List.copyOf(candidates);
        }
        candidates.sort(KEEP_ORDER);
        // Kept matches by start; as they never overlap, only the neighbours of a candidate can.
        TreeMap<Integer, PiiMatch> kept = new TreeMap<>();
        for (PiiMatch c : candidates) {
            Map.Entry<Integer, PiiMatch> before = kept.floorEntry(c.start());
            Map.Entry<Integer, PiiMatch> after = kept.ceilingEntry(c.start());
            if ((before == null || !before.getValue().overlaps(c)) && (after == null || !after.getValue().overlaps(c))) {
                kept.put(c.start(), c);
            }
        }
        return List.copyOf(kept.values());
    }

    /**
     * Per column scan: how often an open token (one with a space, '.' or '(') that was not a phone
     * as a whole still had to go to the matcher. In a column of such non-phones (amounts with
     * spaces, dotted dates) the shortcut only adds its cost, so after a thousand misses it is
     * tried only while it settles at least half the tokens. Only speed depends on this.
     */
    private static final class PhoneShortcut {
        private final AtomicInteger tried = new AtomicInteger();
        private final AtomicInteger fellBack = new AtomicInteger();

        boolean worthTrying() {
            int misses = fellBack.get();
            boolean worth = misses < 1000 || 2L * misses < tried.get();
            if (worth) {
                tried.incrementAndGet();
            }
            return worth;
        }

        void fellBack() {
            fellBack.incrementAndGet();
        }
    }
}
