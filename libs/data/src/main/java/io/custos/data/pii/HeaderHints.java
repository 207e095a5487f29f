package io.custos.data.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a column's header says about its values. Some personal data cannot be told from the value
 * alone: "Ada Lovelace" is a name only because the column is called {@code patient_name}, and
 * "1815-12-10" is a date of birth only because the column is called {@code dob}.
 *
 * <p>The header is cut into lower-case words at non-letters/digits and at camelCase humps
 * ({@code patientFirstName} gives patient, first, name).
 *
 * <ul>
 *   <li><b>Person name</b>: a word is {@code name}, {@code names}, {@code surname},
 *       {@code forename}, or a person word glued to "name" ({@code firstname}, {@code lastname},
 *       {@code fullname}, {@code patientname} ...), and no word says the name belongs to
 *       something else: {@code filename}, {@code hostname} are single words that are not person
 *       words; {@code name_id}, {@code company_name}, {@code product_name}, {@code file_name},
 *       {@code user_name} are excluded by their other word (an id or a login is not a name).
 *       A bare {@code name} column is taken as people's names: in a product table that is a false
 *       positive, which a scan for personal data should prefer to a miss.</li>
 *   <li><b>Date of birth</b>: a word is {@code dob} or {@code born}, or contains {@code birth}
 *       ({@code birthdate}, {@code date_of_birth}, {@code birthday}).</li>
 *   <li><b>Phone</b>: a word is or contains phone, tel, telephone, mobile, cell, fax, msisdn. Only
 *       such columns may hold phones written as a bare number ({@code 4155552671}): elsewhere a
 *       bare number is an id, an amount or a count.</li>
 * </ul>
 */
record HeaderHints(boolean personName, boolean dateOfBirth, boolean phone) {

    static final HeaderHints NONE = new HeaderHints(false, false, false);

    private static final Set<String> NAME_WORDS = Set.of("name", "names", "surname", "surnames", "forename",
            "forenames");

    /** Words that, glued to "name", make a person's name: first+name, patient+name. */
    private static final Set<String> PERSON_PREFIXES = Set.of("first", "last", "given", "family", "full", "middle",
            "maiden", "nick", "birth", "legal", "real", "sur", "fore", "patient", "customer", "client", "employee",
            "person", "contact", "member", "student", "mother", "father", "parent", "guardian", "spouse", "doctor",
            "physician", "nurse", "holder", "cardholder", "beneficiary", "recipient", "sender", "applicant", "owner");

    /** Words saying a "name" is not a person's: the name of a file, a host, a product, an id of a name. */
    private static final Set<String> NOT_A_PERSON = Set.of("id", "ids", "uuid", "key", "code", "hash", "len",
            "length", "count", "file", "files", "host", "domain", "server", "machine", "device", "table", "column",
            "field", "schema", "database", "db", "index", "product", "item", "sku", "brand", "company", "org",
            "organization", "organisation", "business", "vendor", "supplier", "merchant", "store", "shop", "bank",
            "app", "application", "project", "dataset", "model", "path", "dir", "directory", "folder", "url", "city",
            "country", "state", "region", "street", "place", "location", "site", "building", "category",
            "department", "dept", "team", "group", "role", "event", "class", "type", "kind", "tag", "label", "queue",
            "topic", "service", "package", "module", "function", "method", "variable", "attribute", "user", "login",
            "account", "screen", "drug", "medication", "test", "disease", "diagnosis", "procedure");

    private static final List<String> PHONE_WORDS = List.of("phone", "tel", "telephone", "mobile", "cell", "fax",
            "msisdn");

    static HeaderHints of(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        List<String> words = words(header);
        boolean excluded = words.stream().anyMatch(NOT_A_PERSON::contains);
        boolean name = !excluded && words.stream().anyMatch(HeaderHints::isPersonNameWord);
        boolean dob = words.stream().anyMatch(w -> w.equals("dob") || w.equals("born") || w.contains("birth"));
        boolean phone = words.stream().anyMatch(w -> PHONE_WORDS.stream().anyMatch(p -> w.equals(p)
                || (p.length() >= 5 && w.contains(p))));
        return new HeaderHints(name, dob, phone);
    }

    private static boolean isPersonNameWord(String w) {
        if (NAME_WORDS.contains(w)) {
            return true;
        }
        return w.endsWith("name") && PERSON_PREFIXES.contains(w.substring(0, w.length() - 4));
    }

    /** The header in lower-case words, cut at anything not a letter or digit and at camelCase humps. */
    static List<String> words(String header) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < header.length(); i++) {
            char ch = header.charAt(i);
            if (!Character.isLetterOrDigit(ch)) {
                flush(word, words);
                continue;
            }
            if (i > 0 && Character.isUpperCase(ch) && Character.isLowerCase(header.charAt(i - 1))) {
                flush(word, words);
            }
            word.append(ch);
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
            word.setLength(0);
        }
    }
}
