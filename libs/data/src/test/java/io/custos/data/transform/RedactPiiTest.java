package io.custos.data.transform;

import static io.custos.data.transform.TransformerTest.table;
import static io.custos.data.transform.TransformerTest.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.data.table.DataTable;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactPiiTest {

    private static final byte[] KEY = HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] OTHER_KEY = HexFormat.of().parseHex(
            "1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100");

    static DataTable contacts() {
        return table(new String[] {"name", "email", "ssn", "ip", "notes"},
                new String[] {"Jane Doe", "jane.doe@example.com", "123-45-6789", "10.0.0.1",
                    "mail jane.doe@example.com today"},
                new String[] {"Jo Li", "bob@example.org", "219-09-9999", "192.168.10.1", "no contact details"},
                new String[] {"Jane Doe", "jane.doe@example.com", "123-45-6789", "", "call back"});
    }

    private static TransformResult redact(DataTable t, String step, byte[] key) {
        return Transformer.apply(t, TransformSteps.parse("[" + step + "]"), new TransformContext(key, "US"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> columnDetails(TransformResult r, String column) {
        return (Map<String, Object>) ((Map<String, Object>) r.steps().get(0).details().get("columns")).get(column);
    }

    @Test
    void maskReplacesEachCharacterOfAMatchAndNamesAsAWhole() {
        TransformResult r = redact(contacts(), "{\"type\":\"redact_pii\"}", null);
        assertEquals(List.of("mail ******************** today", "no contact details", "call back"),
                values(r.table(), "notes"));
        assertEquals(List.of("********************", "***************", "********************"),
                values(r.table(), "email"));
        assertEquals(List.of("***********", "***********", "***********"), values(r.table(), "ssn"));
        // a name is redacted whole, its space included
        assertEquals(List.of("********", "*****", "********"), values(r.table(), "name"));
        assertEquals(1L, columnDetails(r, "notes").get("rowsChanged"));
        assertEquals(Map.of(io.custos.data.pii.PiiType.EMAIL, 1L), columnDetails(r, "notes").get("rowsByType"));
        assertEquals("mask", r.steps().get(0).details().get("mode"));
    }

    @Test
    void onlyTheChosenTypesAndColumnsAreRedacted() {
        TransformResult r = redact(contacts(), "{\"type\":\"redact_pii\",\"columns\":[\"notes\",\"ssn\"],"
                + "\"types\":[\"SSN\"],\"maskChar\":\"#\"}", null);
        assertEquals(values(contacts(), "notes"), values(r.table(), "notes"));
        assertEquals(values(contacts(), "email"), values(r.table(), "email"));
        assertEquals(List.of("###########", "###########", "###########"), values(r.table(), "ssn"));
        assertEquals(3L, r.steps().get(0).details().get("rowsChanged"));
        assertEquals(2, r.steps().get(0).details().get("columnsScanned"));
    }

    @Test
    void formatPreservingKeepsLengthSeparatorsAndCharacterClasses() {
        TransformResult r = redact(contacts(), "{\"type\":\"redact_pii\",\"mode\":\"format_preserving\"}", KEY);
        List<String> emails = values(r.table(), "email");
        String jane = emails.get(0);
        assertEquals("jane.doe@example.com".length(), jane.length());
        assertTrue(jane.matches("[a-z]{4}\\.[a-z]{3}@[a-z]{7}\\.[a-z]{3}"), jane);
        assertNotEquals("jane.doe@example.com", jane);
        // same input, same output: the two Jane rows still join
        assertEquals(jane, emails.get(2));
        List<String> ssns = values(r.table(), "ssn");
        assertTrue(ssns.get(0).matches("\\d{3}-\\d{2}-\\d{4}"), ssns.get(0));
        assertNotEquals("123-45-6789", ssns.get(0));
        assertEquals(ssns.get(0), ssns.get(2));
        // the email inside the note encrypts exactly like the email column's
        assertEquals("mail " + jane + " today", values(r.table(), "notes").get(0));
        // names keep their case pattern and space
        String name = values(r.table(), "name").get(0);
        assertTrue(name.matches("[A-Z][a-z]{3} [A-Z][a-z]{2}"), name);
    }

    @Test
    void tooFewDigitsOrLettersForFf1AreMaskedAndCounted() {
        TransformResult r = redact(contacts(), "{\"type\":\"redact_pii\",\"mode\":\"format_preserving\"}", KEY);
        // 10.0.0.1 has 5 digits (10^5 < 10^6); 192.168.10.1 has 9 and is encrypted
        List<String> ips = values(r.table(), "ip");
        assertEquals("**.*.*.*", ips.get(0));
        assertTrue(ips.get(1).matches("\\d{3}\\.\\d{3}\\.\\d{2}\\.\\d"), ips.get(1));
        // "Jo Li" has 4 letters (26^4 < 10^6)
        assertEquals("** **", values(r.table(), "name").get(1));
        assertEquals(1L, columnDetails(r, "ip").get("rowsPartlyMasked"));
        assertEquals(1L, columnDetails(r, "name").get("rowsPartlyMasked"));
    }

    @Test
    void decryptingWithTheSameKeyGivesTheOriginalAndAnotherKeyGivesAnotherOutput() {
        TransformResult r = redact(contacts(), "{\"type\":\"redact_pii\",\"mode\":\"format_preserving\"}", KEY);
        FormatPreservingCipher cipher = new FormatPreservingCipher(KEY);
        assertEquals(values(contacts(), "email"), values(r.table(), "email").stream().map(cipher::decrypt).toList());
        assertEquals(values(contacts(), "ssn"), values(r.table(), "ssn").stream().map(cipher::decrypt).toList());

        TransformResult other = redact(contacts(), "{\"type\":\"redact_pii\",\"mode\":\"format_preserving\"}",
                OTHER_KEY);
        assertNotEquals(values(r.table(), "email").get(0), values(other.table(), "email").get(0));
        assertNotEquals(values(r.table(), "ssn").get(0), values(other.table(), "ssn").get(0));
        // and a second run under the first key gives exactly the first run's output
        TransformResult again = redact(contacts(), "{\"type\":\"redact_pii\",\"mode\":\"format_preserving\"}", KEY);
        assertEquals(values(r.table(), "email"), values(again.table(), "email"));
    }

    @Test
    void ff1MatchesNistSample7() {
        // NIST SP 800-38G FF1 sample 7: AES-256, radix 10, empty tweak
        byte[] key = HexFormat.of().parseHex("2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94");
        FormatPreservingCipher cipher = new FormatPreservingCipher(key);
        FormatPreservingCipher.Encrypted e = cipher.encrypt("0123456789", '*');
        assertEquals("6657667009", e.text());
        assertEquals(false, e.masked());
        assertEquals("0123456789", cipher.decrypt("6657667009"));
        // separators do not change the digits' encryption
        assertEquals("665-766-7009", cipher.encrypt("012-345-6789", '*').text());
    }

    @Test
    void cipherKeepsCaseAndMasksLettersOutsideAscii() {
        FormatPreservingCipher cipher = new FormatPreservingCipher(KEY);
        String out = cipher.encrypt("AbCdEf-José", '*').text();
        assertTrue(out.matches("[A-Z][a-z][A-Z][a-z][A-Z][a-z]-[A-Z][a-z][a-z]\\*"), out);
        assertEquals("AbCdEf-Jos", cipher.decrypt(out).substring(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new FormatPreservingCipher(new byte[16]));
    }
}
