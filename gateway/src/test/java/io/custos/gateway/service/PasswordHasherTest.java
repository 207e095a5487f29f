package io.custos.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.testsupport.CustosTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CustosTestResource.class, restrictToAnnotatedClass = false)
class PasswordHasherTest {

    private static final Pattern PHC = Pattern.compile(
            "^\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)$");

    private final PasswordHasher owasp = PasswordHasher.owaspDefaults();

    @Test
    void hashIsAnArgon2idPhcStringWithTheParametersEncoded() {
        String hash = owasp.hash("correct horse battery staple");
        Matcher m = PHC.matcher(hash);
        assertTrue(m.matches(), hash);
        assertEquals("19456", m.group(1));
        assertEquals("2", m.group(2));
        assertEquals("1", m.group(3));
        assertEquals(16, Base64.getDecoder().decode(m.group(4)).length, "128-bit salt");
        assertEquals(32, Base64.getDecoder().decode(m.group(5)).length, "256-bit hash");
        assertFalse(m.group(4).endsWith("=") || m.group(5).endsWith("="), "PHC strings use unpadded base64");

        String custom = new PasswordHasher(4096, 3, 2).hash("x");
        assertTrue(custom.startsWith("$argon2id$v=19$m=4096,t=3,p=2$"), custom);
    }

    @Test
    void rightPasswordVerifiesWrongOneDoesNot() {
        String hash = owasp.hash("correct horse battery staple");
        assertTrue(owasp.verify("correct horse battery staple", hash));
        assertFalse(owasp.verify("correct horse battery stapler", hash));
        assertFalse(owasp.verify("", hash));
        assertFalse(owasp.verify(null, hash));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        String a = owasp.hash("same password!");
        String b = owasp.hash("same password!");
        assertNotEquals(a, b);
        assertTrue(owasp.verify("same password!", a));
        assertTrue(owasp.verify("same password!", b));
    }

    @Test
    void verifiesHashesOfTheReferenceImplementation() {
        // produced by the Argon2 reference CLI (Debian package argon2 20190702):
        // echo -n "correct horse battery staple" | argon2 somesalt12345678 -id -t 2 -k 19456 -p 1 -l 32 -e
        String ref1 = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQxMjM0NTY3OA$iqbHhgtqJMWWf23kIatRWniYNRyhFWif/l6I+m/2Exw";
        // echo -n "password" | argon2 somesalt -id -t 3 -k 4096 -p 2 -l 32 -e
        String ref2 = "$argon2id$v=19$m=4096,t=3,p=2$c29tZXNhbHQ$LpPABDeb1KgKypkPHbjfNPxMj3dnGUCphtUM0xpkh/U";
        assertTrue(owasp.verify("correct horse battery staple", ref1));
        assertFalse(owasp.verify("Correct horse battery staple", ref1));
        assertTrue(owasp.verify("password", ref2), "parameters are taken from the stored hash");
        assertFalse(owasp.verify("passwore", ref2));
    }

    @Test
    void tamperedOrForeignHashesNeverVerify() {
        String hash = owasp.hash("correct horse battery staple");
        assertFalse(owasp.verify("correct horse battery staple", hash.replace("$argon2id$", "$argon2i$")));
        assertFalse(owasp.verify("correct horse battery staple", hash.replace("t=2", "t=3")));
        assertFalse(owasp.verify("correct horse battery staple", hash.substring(0, hash.length() - 2) + "AA"));
        assertFalse(owasp.verify("correct horse battery staple", "$2a$10$abcdefghijklmnopqrstuv"));
        assertFalse(owasp.verify("correct horse battery staple", null));
        assertFalse(owasp.verify("x", "$argon2id$v=19$m=99999999,t=9999,p=1$c29tZXNhbHQ$LpPABDeb1KgKypkPHbjfNPxMj3dnGUCphtUM0xpkh/U"));
    }

    @Test
    void weakerHashesNeedARehash() {
        PasswordHasher weak = new PasswordHasher(1024, 1, 1);
        assertTrue(owasp.needsRehash(weak.hash("abc")));
        assertFalse(owasp.needsRehash(owasp.hash("abc")));
        assertTrue(owasp.needsRehash("not a hash"));
    }

    @Test
    void rejectsParametersArgon2DoesNotAllow() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(19456, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(19456, 2, 0));
    }
}
