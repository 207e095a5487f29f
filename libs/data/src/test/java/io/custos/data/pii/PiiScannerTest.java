package io.custos.data.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.data.DataException;
import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiScannerTest {

    private final PiiScanner scanner = new PiiScanner("US");

    private static DataTable table(String[] header, String[][] rows) {
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < header.length; c++) {
            int col = c;
            columns.add(Column.of(header[c], Arrays.stream(rows).map(r -> r[col]).toList()));
        }
        return new DataTable(columns);
    }

    /** The kinds of the matches in a value, in order. */
    private List<PiiType> types(String value, String column) {
        return scanner.find(value, column).stream().map(PiiMatch::type).toList();
    }

    /** The matched texts of a value, in order. */
    private List<String> texts(String value, String column) {
        return scanner.find(value, column).stream().map(m -> value.substring(m.start(), m.end())).toList();
    }

    // Rows are numbered from 1 in the comments, as the findings number them.
    private static final String[] HEADER = {"email", "card", "ssn", "notes"};
    private static final String[][] ROWS = {
        {"alice@example.com", "4111 1111 1111 1111", "078-05-1120", "call +1 415-555-2671"}, // 1
        {"bob.smith@mail.co.uk", "4111 1111 1111 1112", "666-12-3456", "no personal data here"}, // 2
        {"not-an-email", "5500-0000-0000-0004", "123-45-6789", "server 192.168.0.1 is down"}, // 3
        {"alice@example.com", "", "123-00-4567", ""}, // 4
        {"carol+tag@sub.example.org", "5500000000000005", "219-09-9999", "IBAN DE89 3704 0044 0532 0130 00"}, // 5
        {"a@b", "378282246310005", "665-12-3456", "she was born 1984-02-29"}, // 6
        {"dave_99@example.io", "", "", "order 12345678 shipped"}, // 7
        {"NA", "", "", "ping 2001:db8::1 failed"}, // 8
        {"erin@example.com", "", "", ""}, // 9
        {"john@@x.com", "", "", "call +1 415-555-2671"}, // 10
        {"frank@example.net", "", "", ""}, // 11
        {"", "", "", ""}, // 12
    };

    @Test
    void countsAndSampleRowsOfAKnownTable() {
        List<ColumnPii> found = scanner.scan(table(HEADER, ROWS));

        // 7 valid emails (alice twice), 3 invalid and one missing.
        ColumnPii email = new ColumnPii("email", 7,
                List.of(new PiiFinding(PiiType.EMAIL, 7, List.of(1, 2, 4, 5, 7))));
        // Luhn-valid Visa, Mastercard and Amex test numbers in rows 1, 3, 6; rows 2 and 5 fail Luhn.
        ColumnPii card = new ColumnPii("card", 3,
                List.of(new PiiFinding(PiiType.CREDIT_CARD, 3, List.of(1, 3, 6))));
        // Valid in rows 1, 3, 5, 6; area 666 (row 2) and group 00 (row 4) are never issued.
        ColumnPii ssn = new ColumnPii("ssn", 4, List.of(new PiiFinding(PiiType.SSN, 4, List.of(1, 3, 5, 6))));
        ColumnPii notes = new ColumnPii("notes", 6, List.of(
                new PiiFinding(PiiType.PHONE, 2, List.of(1, 10)),
                new PiiFinding(PiiType.IBAN, 1, List.of(5)),
                new PiiFinding(PiiType.IP_ADDRESS, 2, List.of(3, 8)),
                new PiiFinding(PiiType.DATE_OF_BIRTH, 1, List.of(6))));
        assertEquals(List.of(email, card, ssn, notes), found);
    }

    @Test
    void countsEveryRowOfARepeatedValueButSamplesOnlyTheFirstFive() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add(i % 2 == 0 ? "same.person@example.com" : "n/a");
        }
        ColumnPii pii = scanner.scan(new DataTable(List.of(Column.of("contact", values)))).get(0);
        assertEquals(new ColumnPii("contact", 500,
                List.of(new PiiFinding(PiiType.EMAIL, 500, List.of(1, 3, 5, 7, 9)))), pii);
    }

    @Test
    void oneEntryPerColumnInHeaderOrderEvenWithoutFindings() {
        DataTable t = table(new String[] {"city", "email"}, new String[][] {{"Paris", "x@example.com"}});
        List<ColumnPii> found = scanner.scan(t);
        assertEquals(List.of("city", "email"), found.stream().map(ColumnPii::column).toList());
        assertEquals(new ColumnPii("city", 0, List.of()), found.get(0));
    }

    @Test
    void numericColumnsHoldNoPhones() {
        List<String> ages = IntStream.rangeClosed(18, 90).mapToObj(Integer::toString).toList();
        // Ten-digit ids that are valid US numbers when written as phones, decimals whose digits
        // would make one, amounts with separators, and ISO timestamps.
        List<String> ids = IntStream.range(0, ages.size()).mapToObj(i -> Long.toString(4155552600L + i)).toList();
        List<String> ratios = IntStream.range(0, ages.size()).mapToObj(i -> "3.14155526" + (10 + i)).toList();
        List<String> amounts = IntStream.range(0, ages.size()).mapToObj(i -> "4,155,552," + (100 + i)).toList();
        List<String> times = IntStream.range(0, ages.size())
                .mapToObj(i -> "2023-01-15T10:" + (10 + i % 50) + ":00Z").toList();
        DataTable t = new DataTable(List.of(Column.of("age", ages), Column.of("customer_id", ids),
                Column.of("ratio", ratios), Column.of("amount", amounts), Column.of("ts", times)));
        for (ColumnPii c : scanner.scan(t)) {
            assertEquals(List.of(), c.findings(), c.column());
        }
        // The same ids in a column that says it holds phones are phones.
        ColumnPii phones = scanner.scan(new DataTable(List.of(Column.of("mobile_phone", ids)))).get(0);
        assertEquals(new ColumnPii("mobile_phone", ids.size(),
                List.of(new PiiFinding(PiiType.PHONE, ids.size(), List.of(1, 2, 3, 4, 5)))), phones);
    }

    @Test
    void findsEveryKindInOneValueInOrderWithExactSpans() {
        String v = "Mail jane.doe@example.com, call (415) 555-2671, SSN 078-05-1120, card 4111-1111-1111-1111, "
                + "IBAN GB82 WEST 1234 5698 7654 32, from 10.0.0.255 or fe80::1, DOB: 02/29/1984.";
        List<PiiMatch> matches = scanner.find(v, "notes");
        List<PiiMatch> expected = List.of(
                span(v, PiiType.EMAIL, "jane.doe@example.com"),
                span(v, PiiType.PHONE, "(415) 555-2671"),
                span(v, PiiType.SSN, "078-05-1120"),
                span(v, PiiType.CREDIT_CARD, "4111-1111-1111-1111"),
                span(v, PiiType.IBAN, "GB82 WEST 1234 5698 7654 32"),
                span(v, PiiType.IP_ADDRESS, "10.0.0.255"),
                span(v, PiiType.IP_ADDRESS, "fe80::1"),
                span(v, PiiType.DATE_OF_BIRTH, "02/29/1984"));
        assertEquals(expected, matches);
    }

    private static PiiMatch span(String value, PiiType type, String part) {
        int start = value.indexOf(part);
        assertTrue(start >= 0, part);
        return new PiiMatch(type, start, start + part.length());
    }

    @ParameterizedTest
    @CsvSource({
        "078-05-1120, true", "123-45-6789, true", "899-99-9999, true", "001-01-0001, true",
        "000-12-3456, false", "666-12-3456, false", "900-12-3456, false", "999-12-3456, false",
        "123-00-4567, false", "123-45-0000, false", "123-45-67890, false", "1123-45-6789, false",
        "123456789, false"})
    void ssnsFollowTheSsaRules(String value, boolean valid) {
        assertEquals(valid ? List.of(PiiType.SSN) : List.of(), types(value, "ssn"));
    }

    @ParameterizedTest
    @CsvSource({
        "4111111111111111, true", "4111 1111 1111 1111, true", "4012888888881881, true",
        "5555555555554444, true", "2223000048400011, true", "378282246310005, true", "6011111111111117, true",
        "3530111333300000, true", "4222222222222, true",
        "4111111111111112, false", "5555555555554445, false", "378282246310006, false",
        "0000000000000000, false", "4111 1111-1111 1111, false", "41111111111111111111, false",
        "0.4111111111111111, false"})
    void cardsPassLuhnWithAnIssuerDigit(String value, boolean valid) {
        assertEquals(valid ? List.of(PiiType.CREDIT_CARD) : List.of(), types(value, "payment"));
    }

    @ParameterizedTest
    @CsvSource({
        "GB82 WEST 1234 5698 7654 32, true", "GB82WEST12345698765432, true", "DE89370400440532013000, true",
        "FR1420041010050500013M02606, true", "NO9386011117947, true", "BE68539007547034, true",
        "gb82 west 1234 5698 7654 32, true",
        "GB82 WEST 1234 5698 7654 33, false", "GB82WEST123456987654321, false", "DE8937040044053201300, false",
        "XX82WEST12345698765432, false"})
    void ibansPassMod97AndTheirCountryLength(String value, boolean valid) {
        assertEquals(valid ? List.of(PiiType.IBAN) : List.of(), types(value, "account"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.168.1.1", "255.255.255.255", "::1", "2001:db8::8a2e:370:7334",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::", "::ffff:192.0.2.128"})
    void validIpAddressesAreFoundWhole(String value) {
        assertEquals(List.of(value), texts(value, "source"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "2001:db8:::1", "1::2::3",
        "12:30:45", "00:1A:2B:3C:4D:5E", "std::vector", "12345::", "1:2:3:4:5:6:7:8:9"})
    void notIpAddresses(String value) {
        assertEquals(List.of(), types(value, "source"));
    }

    @Test
    void datesAreDatesOfBirthOnlyInABirthColumnOrAfterACue() {
        assertEquals(List.of(PiiType.DATE_OF_BIRTH), types("1984-02-29", "date_of_birth"));
        assertEquals(List.of(PiiType.DATE_OF_BIRTH), types("1984-02-29", "DOB"));
        assertEquals(List.of(PiiType.DATE_OF_BIRTH), types("1984-02-29", "patientBirthDate"));
        assertEquals(List.of(PiiType.DATE_OF_BIRTH), types("29.02.1984", "birthday"));
        assertEquals(List.of(), types("1984-02-30", "dob"), "not a real date");
        assertEquals(List.of(), types("1984-02-29", "visit_date"));
        assertEquals(List.of("1984-02-29"), texts("Patient born on 1984-02-29, seen 2024-01-05", "notes"));
        assertEquals(List.of("March 3rd, 1990"), texts("date of birth: March 3rd, 1990", "notes"));
        assertEquals(List.of("3 Mar 1990"), texts("D.O.B. 3 Mar 1990", "notes"));
        assertEquals(List.of(), types("admitted 1984-02-29", "notes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "Name", "first_name", "lastName", "Surname", "full name", "patient_name",
        "given_name", "FIRSTNAME", "customerName", "display_name"})
    void nameColumnsMakeEveryValueAName(String header) {
        assertEquals(List.of("Ada Lovelace"), texts("  Ada Lovelace ", header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"filename", "file_name", "hostname", "name_id", "company_name", "productName",
        "username", "user_name", "nameservers", "city"})
    void notNameColumns(String header) {
        assertEquals(List.of(), types("Ada Lovelace", header));
    }

    @Test
    void nameColumnValuesWithoutLettersOrMissingAreNotNames() {
        assertEquals(List.of(), types("12345", "name"));
        assertEquals(List.of(), types("N/A", "name"));
        assertEquals(List.of(), types("   ", "name"));
    }

    @Test
    void overlappingMatchesKeepTheStrongerKind() {
        // In a name column the whole value is a name, but an email is kept over it.
        assertEquals(List.of(PiiType.EMAIL), types("ada@example.com", "contact_name"));
        // An IPv4-mapped IPv6 address is one address, not an IPv6 and an IPv4 one.
        assertEquals(List.of("::ffff:10.0.0.1"), texts("::ffff:10.0.0.1", "ip"));
    }

    @Test
    void phonesInTextButNotInsideOtherTokens() {
        assertEquals(List.of("+44 20 7946 0958"), texts("Tel: +44 20 7946 0958", "notes"));
        assertEquals(List.of("415.555.2671"), texts("Room B2 415.555.2671", "notes"));
        assertEquals(List.of("415-555-2671x12"), texts("call 415-555-2671x12", "notes"));
        assertEquals(List.of(), texts("pi is 3.14155526710", "notes"));
        assertEquals(List.of(), texts("550e8400-e29b-41d4-a716-415555267100", "notes"));
        assertEquals(List.of(), texts("Ref4155552671", "notes"));
    }

    @Test
    void theDefaultRegionDecidesNumbersWithoutCountryCode() {
        assertEquals(List.of(), types("020 7946 0958", "phone"));
        assertEquals(List.of(PiiType.PHONE), new PiiScanner("gb").find("020 7946 0958", "phone").stream()
                .map(PiiMatch::type).toList());
    }

    @Test
    void unknownRegionIsRefused() {
        DataException e = assertThrows(DataException.class, () -> new PiiScanner("XY"));
        assertEquals("defaultPhoneRegion", e.field());
        assertTrue(e.getMessage().contains("ISO 3166"), e.getMessage());
        assertThrows(DataException.class, () -> new PiiScanner(null));
    }

    @Test
    void reportsNeverCarryTheValues() throws Exception {
        String json = new ObjectMapper().writeValueAsString(scanner.scan(table(HEADER, ROWS)));
        for (String[] row : ROWS) {
            for (String value : row) {
                if (value.length() > 3) {
                    assertFalse(json.contains(value), value + " leaked into " + json);
                }
            }
        }
        assertTrue(json.contains("\"type\":\"CREDIT_CARD\""), json);
    }
}
