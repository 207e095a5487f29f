package io.custos.data.pii;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates of birth. A date is a date of birth by context only: every date in a column whose header
 * says so (see {@link HeaderHints}), or a date right after a cue in free text ("born 1984-02-29",
 * "DOB: 02/29/1984", "date of birth 29 Feb 1984"). Dates are ISO (yyyy-mm-dd), numeric with
 * a four-digit year (dd/mm/yyyy or mm/dd/yyyy, also with dots or dashes), or with an English
 * month name; each must be a real calendar date.
 */
final class BirthDates {

    private static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
            + "|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

    /** The date forms, each in a named group so the parts can be checked as a calendar date. */
    private static final String DATE = "(?<!\\d)(?:"
            + "(?<isoY>\\d{4})-(?<isoM>\\d{2})-(?<isoD>\\d{2})"
            + "|(?<numA>\\d{1,2})(?<sep>[/.-])(?<numB>\\d{1,2})\\k<sep>(?<numY>\\d{4})"
            + "|(?<dmD>\\d{1,2})(?:st|nd|rd|th)?\\s+(?<dmM>" + MONTH + ")\\.?,?\\s+(?<dmY>\\d{4})"
            + "|(?<mdM>" + MONTH + ")\\.?\\s+(?<mdD>\\d{1,2})(?:st|nd|rd|th)?,?\\s+(?<mdY>\\d{4})"
            + ")(?!\\d)";

    private static final Pattern DATE_ANYWHERE = Pattern.compile(DATE, Pattern.CASE_INSENSITIVE);

    /** A cue, then at most a colon, "=", "-" or "on" before the date. */
    private static final Pattern CUE_THEN_DATE = Pattern.compile(
            "\\b(?:date\\s+of\\s+birth|birth\\s*date|birthday|born|d\\.?o\\.?b\\.?)\\s*[:=-]?\\s*(?:on\\s+)?(?<date>"
                    + DATE + ")",
            Pattern.CASE_INSENSITIVE);

    private BirthDates() {
    }

    /** Every real date in the value (for a date-of-birth column). */
    static void findInBirthColumn(String value, Consumer<PiiMatch> out) {
        Matcher m = DATE_ANYWHERE.matcher(value);
        while (m.find()) {
            if (isRealDate(m)) {
                out.accept(new PiiMatch(PiiType.DATE_OF_BIRTH, m.start(), m.end()));
            }
        }
    }

    /** Dates right after a birth cue (for any column). */
    static void findAfterCue(String value, Consumer<PiiMatch> out) {
        Matcher m = CUE_THEN_DATE.matcher(value);
        while (m.find()) {
            if (isRealDate(m)) {
                out.accept(new PiiMatch(PiiType.DATE_OF_BIRTH, m.start("date"), m.end("date")));
            }
        }
    }

    /** Cheap test before the cue regex: the value mentions "born", "birth" or "dob" in any case. */
    static boolean mayHaveCue(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.contains("born") || lower.contains("birth") || lower.contains("dob")
                || lower.contains("d.o.b");
    }

    private static boolean isRealDate(Matcher m) {
        if (m.group("isoY") != null) {
            return date(m.group("isoY"), m.group("isoM"), m.group("isoD"));
        }
        if (m.group("numY") != null) {
            // Day-first or month-first: a date of birth either way if one reading is a real date.
            return date(m.group("numY"), m.group("numB"), m.group("numA"))
                    || date(m.group("numY"), m.group("numA"), m.group("numB"));
        }
        if (m.group("dmY") != null) {
            return date(m.group("dmY"), month(m.group("dmM")), m.group("dmD"));
        }
        return date(m.group("mdY"), month(m.group("mdM")), m.group("mdD"));
    }

    private static String month(String name) {
        String prefix = name.substring(0, 3).toLowerCase(Locale.ROOT);
        int index = "janfebmaraprmayjunjulaugsepoctnovdec".indexOf(prefix) / 3 + 1;
        return Integer.toString(index);
    }

    private static boolean date(String year, String month, String day) {
        try {
            LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
