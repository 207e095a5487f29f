package io.custos.bundle.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionOrderTest {

    @ParameterizedTest(name = "PEP 440: {0} < {1}")
    @CsvSource({
        "1.2.0, 1.10.0",
        "1.0rc1, 1.0",
        "1.0, 1.0.post1",
        "1.0.dev1, 1.0a1",
        "1.0a1.dev1, 1.0a1",
        "1.0a1, 1.0a2",
        "1.0a2, 1.0b1",
        "1.0b1, 1.0rc1",
        "1.0rc1, 1.0rc2",
        "1.0.post1.dev1, 1.0.post1",
        "1.0.post1, 1.0.post2",
        "1.0, 1.0+local",
        "1.0+abc, 1.0+1",
        "1.0+1, 1.0+1.1",
        "1.9.9, 1!0.1",
        "2.17.2, 2.17.10",
        "0.9, 1.0.dev0",
    })
    void pep440Order(String lower, String higher) {
        assertTrue(Pep440Version.compare(lower, higher) < 0, lower + " < " + higher);
        assertTrue(Pep440Version.compare(higher, lower) > 0, higher + " > " + lower);
    }

    @ParameterizedTest(name = "PEP 440: {0} == {1}")
    @CsvSource({
        "1.0, 1.0.0",
        "1.0a, 1.0a0",
        "1.0alpha1, 1.0a1",
        "1.0-beta.2, 1.0b2",
        "1.0c1, 1.0rc1",
        "1.0preview1, 1.0rc1",
        "1.0-1, 1.0.post1",
        "1.0.rev1, 1.0.post1",
        "1.0.dev, 1.0.dev0",
        "v1.0, 1.0",
        "0!1.0, 1.0",
        "1.0RC1, 1.0rc1",
    })
    void pep440Equivalence(String a, String b) {
        assertEquals(0, Pep440Version.compare(a, b), a + " == " + b);
    }

    @Test
    void pep440SortsAFullSequence() {
        List<String> ascending = List.of("1.0.dev0", "1.0a1.dev0", "1.0a1", "1.0a1.post1", "1.0b1", "1.0rc1",
                "1.0", "1.0+local.1", "1.0.post1.dev0", "1.0.post1", "1.1.dev0", "1.1");
        for (int i = 0; i + 1 < ascending.size(); i++) {
            assertTrue(Pep440Version.compare(ascending.get(i), ascending.get(i + 1)) < 0,
                    ascending.get(i) + " < " + ascending.get(i + 1));
        }
    }

    @Test
    void nonPep440VersionsFallBackToDottedOrder() {
        assertNull(Pep440Version.parse("1.0-foo-bar"));
        assertNull(Pep440Version.parse("not a version"));
        assertNotNull(Pep440Version.parse(" 1.0.post1 "));
        assertTrue(Pep440Version.compare("1.0-foo", "1.1") < 0);
    }

    @ParameterizedTest(name = "dotted/semver: {0} < {1}")
    @CsvSource({
        "1.2.0, 1.10.0",
        "1.0.0-alpha, 1.0.0-alpha.1",
        "1.0.0-alpha.1, 1.0.0-alpha.beta",
        "1.0.0-alpha.beta, 1.0.0-beta",
        "1.0.0-beta.2, 1.0.0-beta.11",
        "1.0.0-rc.1, 1.0.0",
        "1.0.0, 2.0.0",
        "1.0, 1.0.1",
        "2.3.RELEASE, 2.3.1",
        "9, 10",
        "1.0.99999999999999999999, 1.0.100000000000000000000",
    })
    void dottedOrder(String lower, String higher) {
        assertTrue(DottedVersion.compare(lower, higher) < 0, lower + " < " + higher);
        assertTrue(DottedVersion.compare(higher, lower) > 0, higher + " > " + lower);
    }

    @ParameterizedTest(name = "dotted/semver: {0} == {1}")
    @CsvSource({
        "1.0, 1.0.0",
        "v1.2.3, 1.2.3",
        "1.2.3+build.5, 1.2.3",
        "01.2, 1.2",
    })
    void dottedEquivalence(String a, String b) {
        assertEquals(0, DottedVersion.compare(a, b));
    }

    @Test
    void pep503Normalisation() {
        assertEquals("scikit-learn", PackageNames.pep503("Scikit__Learn"));
        assertEquals("zope-interface", PackageNames.pep503("zope.interface"));
        assertEquals("a-b-c", PackageNames.pep503("A-_.B.C"));
        assertEquals("numpy", PackageNames.normalize("PyPI", "NumPy"));
        assertEquals("com.example:Parser", PackageNames.normalize("Maven", "com.example:Parser"));
    }
}
