package io.custos.governance.core.compliance;

import io.custos.governance.core.compliance.FactCatalog.FactType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The catalog follows the record: every fact gets a type, so operator/type checks cover every path. */
class FactCatalogTest {

    @Test
    void everyFactOfTheRecordHasAType() {
        for (String path : FactCatalog.paths()) {
            assertNotEquals(FactType.OTHER, FactCatalog.typeOf(path), path);
        }
        assertEquals(FactType.TEXT, FactCatalog.typeOf("identity.owner"));
        assertEquals(FactType.NUMBER, FactCatalog.typeOf("risk.privacy.epsilon"));
        assertEquals(FactType.BOOLEAN, FactCatalog.typeOf("risk.personalData"));
        assertEquals(FactType.BOOLEAN, FactCatalog.typeOf("completeness.complete"));
        assertEquals(FactType.MAP, FactCatalog.typeOf("evidence.metrics"));
        assertEquals(FactType.LIST, FactCatalog.typeOf("artifacts.manifest"));
        assertEquals(null, FactCatalog.typeOf("identity.ownr"));
        assertEquals("identity.owner", FactCatalog.suggest("identity.ownr"));
    }
}
