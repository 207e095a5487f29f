package io.custos.data.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import io.custos.data.table.EquivalenceClasses;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Twenty columns of realistic cardinalities: the report's figures agree with EquivalenceClasses.
 * Timing at a million rows lives in bench/ (DataProtectionBenchmark), not here.
 */
class RiskAnalyzerAgreementTest {

    private static final int ROWS = 100_000;

    @Test
    void twentyColumnsAgreeWithEquivalenceClasses() {
        DataTable t = build();
        RiskReport r = RiskAnalyzer.analyze(t, RiskOptions.defaults().withSensitive("m6"));

        List<String> qis = List.of("age", "sex", "zip", "city", "occupation");
        assertEquals(qis, r.quasiIdentifiers());
        EquivalenceClasses classes = EquivalenceClasses.of(t, qis);
        assertEquals(classes.minSize(), r.kAnonymity().k());
        assertEquals(classes.classCount(), r.kAnonymity().classes());
        assertEquals(classes.rowsInClassesBelow(5), r.kAnonymity().recordsBelowK());
        assertEquals(classes.rowsInClassesBelow(2), r.kAnonymity().singletonRecords());
        assertEquals((double) classes.classCount() / ROWS, r.prosecutorRisk().average(), 1e-12);
        assertEquals(25, r.combinationsEvaluated()); // 5 + 10 + 10
        assertEquals(1.0, r.columns().get(0).uniqueness(), 0);
    }

    private static DataTable build() {
        SplittableRandom random = new SplittableRandom(7);
        List<Column> columns = new ArrayList<>();
        Column.Builder id = new Column.Builder("record_id", ROWS);
        for (int r = 0; r < ROWS; r++) {
            id.add(Integer.toString(10_000_000 + r));
        }
        columns.add(id.build());
        columns.add(pooled("age", 90, random, ""));
        columns.add(pooled("sex", 2, random, "S"));
        columns.add(pooled("zip", 900, random, "Z"));
        columns.add(pooled("city", 50, random, "C"));
        columns.add(pooled("occupation", 30, random, "O"));
        for (int c = 6; c < 19; c++) {
            columns.add(pooled("m" + c, 2 + c * c * 5, random, "v"));
        }
        Column.Builder lab = new Column.Builder("lab", ROWS);
        String[] labPool = new String[100_000];
        for (int i = 0; i < labPool.length; i++) {
            labPool[i] = String.format("%.3f", 1 + i / 1000.0);
        }
        for (int r = 0; r < ROWS; r++) {
            lab.add(labPool[random.nextInt(labPool.length)]);
        }
        columns.add(lab.build());
        return new DataTable(columns);
    }

    private static Column pooled(String name, int distinct, SplittableRandom random, String prefix) {
        String[] pool = new String[distinct];
        for (int i = 0; i < distinct; i++) {
            pool[i] = prefix + (prefix.isEmpty() ? i + 10 : i);
        }
        Column.Builder b = new Column.Builder(name, ROWS);
        for (int r = 0; r < ROWS; r++) {
            b.add(pool[random.nextInt(distinct)]);
        }
        return b.build();
    }
}
