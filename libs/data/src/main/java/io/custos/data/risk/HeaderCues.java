package io.custos.data.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a column header for what the column is likely about. Headers are split into words at
 * punctuation and camelCase boundaries ("patientAge", "zip_code", "DateOfBirth"); short cues must
 * be whole words so that "page" or "stage" are not taken for "age".
 */
final class HeaderCues {

    /** What kind of quasi-identifier a cue points to, which decides how to generalise it. */
    enum Kind { NUMBER, DATE, BIRTH_DATE, POSTCODE, CATEGORY }

    record Cue(String word, Kind kind) {
    }

    private static final List<Cue> WHOLE_WORDS = List.of(
            new Cue("age", Kind.NUMBER), new Cue("yob", Kind.NUMBER), new Cue("dob", Kind.BIRTH_DATE),
            new Cue("sex", Kind.CATEGORY), new Cue("race", Kind.CATEGORY), new Cue("job", Kind.CATEGORY),
            new Cue("city", Kind.CATEGORY), new Cue("town", Kind.CATEGORY), new Cue("country", Kind.CATEGORY),
            new Cue("religion", Kind.CATEGORY), new Cue("education", Kind.CATEGORY),
            new Cue("profession", Kind.CATEGORY), new Cue("zip", Kind.POSTCODE), new Cue("plz", Kind.POSTCODE));

    /** Cues that may sit inside a longer word ("birthdate", "zipcode", "ethnicity"). */
    private static final List<Cue> WORD_PARTS = List.of(
            new Cue("birth", Kind.BIRTH_DATE), new Cue("postcode", Kind.POSTCODE),
            new Cue("postal", Kind.POSTCODE), new Cue("zipcode", Kind.POSTCODE), new Cue("gender", Kind.CATEGORY),
            new Cue("ethnic", Kind.CATEGORY), new Cue("marital", Kind.CATEGORY),
            new Cue("occupation", Kind.CATEGORY), new Cue("nationalit", Kind.CATEGORY),
            new Cue("citizenship", Kind.CATEGORY));

    /** Words of identifier columns: record numbers, keys, medical record numbers. */
    private static final Set<String> IDENTIFIER_WORDS = Set.of("id", "ids", "uuid", "guid", "key", "mrn", "nhs",
            "ssn", "number", "num", "nr", "no", "identifier", "record", "account", "patient");

    private HeaderCues() {
    }

    static List<String> words(String header) {
        String spaced = header.replaceAll("([a-z0-9])([A-Z])", "$1 $2");
        List<String> out = new ArrayList<>();
        for (String w : spaced.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** The quasi-identifier cue in a header, or null. */
    static Cue quasiIdentifierCue(String header) {
        List<String> words = words(header);
        for (Cue c : WHOLE_WORDS) {
            if (words.contains(c.word())) {
                return c;
            }
        }
        for (String w : words) {
            for (Cue c : WORD_PARTS) {
                if (w.contains(c.word())) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Whether the header names an identifier ("patient_id", "RecordNo", "MRN"). */
    static boolean namesIdentifier(String header) {
        return words(header).stream().anyMatch(IDENTIFIER_WORDS::contains);
    }
}
