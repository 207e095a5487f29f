package io.custos.data.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.data.DataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataTableTest {

    private static DataTable csv(String text) {
        return DataTable.readCsv(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsColumnsWithDictionariesAndQuotedFields() {
        DataTable t = csv("name,city\n\"Doe, Jane\",Paris\nBob,Paris\n\"Doe, Jane\",Lyon\n");
        assertEquals(3, t.rows());
        assertEquals(List.of("name", "city"), t.header());
        Column city = t.column("city");
        assertEquals(List.of("Paris", "Lyon"), city.dictionary());
        assertArrayEquals(new int[] {2, 1}, city.counts());
        assertEquals("Doe, Jane", t.column("name").value(2));
    }

    @Test
    void byteOrderMarkIsNotPartOfTheFirstName() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "age\n1\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        DataTable t = DataTable.readCsv(new ByteArrayInputStream(all));
        assertEquals(List.of("age"), t.header());
    }

    @Test
    void invalidUtf8NamesTheLine() {
        byte[] latin1 = "a,b\n1,2\n3,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        DataException e = assertThrows(DataException.class,
                () -> DataTable.readCsv(new ByteArrayInputStream(latin1)));
        assertEquals("file", e.field());
        assertTrue(e.getMessage().startsWith("line 3 is not valid UTF-8"), e.getMessage());
    }

    @Test
    void invalidUtf8FarIntoALargeFileNamesTheRightLine() {
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < 50_000; i++) {
            sb.append(i).append(",x\n");
        }
        byte[] good = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(good, good.length + 4);
        all[good.length] = '7';
        all[good.length + 1] = ',';
        all[good.length + 2] = (byte) 0xFF;
        all[good.length + 3] = '\n';
        DataException e = assertThrows(DataException.class, () -> DataTable.readCsv(new ByteArrayInputStream(all)));
        assertTrue(e.getMessage().startsWith("line 50002 is not valid UTF-8 (byte offset " + (good.length + 2) + ")"),
                e.getMessage());
    }

    @Test
    void raggedRowNamesTheLine() {
        DataException e = assertThrows(DataException.class, () -> csv("a,b\n1,2\n3\n4,5\n"));
        assertEquals("line 3 has 1 fields; the header has 2", e.getMessage());
    }

    @Test
    void headerProblemsAreNamed() {
        assertEquals("the file is empty: a header row is required",
                assertThrows(DataException.class, () -> csv("")).getMessage());
        assertEquals("line 1: column name 'a' appears twice in the header",
                assertThrows(DataException.class, () -> csv("a,b,a\n1,2,3\n")).getMessage());
        assertEquals("line 1: column 2 of the header has no name",
                assertThrows(DataException.class, () -> csv("a,,c\n1,2,3\n")).getMessage());
    }

    @Test
    void writeThenReadGivesTheSameTable() {
        DataTable t = csv("n,text\n1,\"has, comma\"\n2,\"has \"\"quote\"\"\"\n3,plain\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.writeCsv(out);
        DataTable back = DataTable.readCsv(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(t.header(), back.header());
        for (int r = 0; r < t.rows(); r++) {
            assertEquals(t.column("text").value(r), back.column("text").value(r));
        }
        assertEquals("has \"quote\"", back.column("text").value(1));
    }

    @Test
    void mapValuesRecodesAndKeepRowsFilters() {
        DataTable t = csv("age\n23\n27\n35\n23\n");
        Column decade = t.column("age").mapValues(v -> v.charAt(0) + "0s");
        assertEquals(List.of("20s", "30s"), decade.dictionary());
        assertArrayEquals(new int[] {3, 1}, decade.counts());
        DataTable kept = t.keepRows(new boolean[] {true, false, true, false});
        assertEquals(2, kept.rows());
        assertEquals("35", kept.column("age").value(1));
        assertEquals(List.of("23", "35"), kept.column("age").dictionary(), "values no kept row holds are gone");
    }

    @Test
    void schemaInferenceCountsMismatchesAndMissing() {
        StringBuilder sb = new StringBuilder("age,income,joined,flag,city\n");
        for (int i = 0; i < 100; i++) {
            sb.append(i == 7 ? "abc" : String.valueOf(20 + i % 50)).append(',')
                    .append(i % 10 == 0 ? "" : (1000.5 + i)).append(',')
                    .append("2020-01-").append(String.format("%02d", 1 + i % 28)).append(',')
                    .append(i % 2 == 0 ? "yes" : "no").append(',')
                    .append(i % 3 == 0 ? "Paris" : "Lyon").append('\n');
        }
        List<ColumnSchema> s = SchemaInference.infer(csv(sb.toString()));
        assertEquals(new ColumnSchema("age", ColumnType.INTEGER, 0, 51, 1), s.get(0));
        assertEquals(new ColumnSchema("income", ColumnType.DECIMAL, 10, 90, 0), s.get(1));
        assertEquals(ColumnType.DATE, s.get(2).type());
        assertEquals(ColumnType.BOOLEAN, s.get(3).type());
        assertEquals(new ColumnSchema("city", ColumnType.CATEGORICAL, 0, 2, 0), s.get(4));
    }

    @Test
    void equivalenceClassesHaveKnownSizes() {
        // classes (F,20)x1, (M,20)x2, (F,30)x3, (M,30)x4
        String[][] rows = {{"F", "20"}, {"M", "20"}, {"M", "20"}, {"F", "30"}, {"F", "30"}, {"F", "30"},
            {"M", "30"}, {"M", "30"}, {"M", "30"}, {"M", "30"}};
        StringBuilder sb = new StringBuilder("sex,age\n");
        for (String[] r : rows) {
            sb.append(r[0]).append(',').append(r[1]).append('\n');
        }
        EquivalenceClasses ec = EquivalenceClasses.of(csv(sb.toString()), List.of("sex", "age"));
        assertEquals(4, ec.classCount());
        assertEquals(1, ec.minSize());
        int[] sizes = ec.sizes();
        Arrays.sort(sizes);
        assertArrayEquals(new int[] {1, 2, 3, 4}, sizes);
        assertEquals(3, ec.rowsInClassesBelow(3));
        assertEquals(2, ec.classesBelow(3));
        assertEquals(ec.classOf(1), ec.classOf(2));
        assertTrue(ec.classOf(0) != ec.classOf(3));
    }

    @Test
    void equivalenceClassesMatchAPlainGroupingOnRandomData() {
        java.util.Random rnd = new java.util.Random(42);
        StringBuilder sb = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append(rnd.nextInt(30)).append(',').append(rnd.nextInt(7)).append(',').append(rnd.nextInt(5)).append('\n');
        }
        DataTable t = csv(sb.toString());
        EquivalenceClasses ec = EquivalenceClasses.of(t, List.of("a", "b", "c"));
        java.util.Map<String, Integer> plain = new java.util.HashMap<>();
        for (int r = 0; r < t.rows(); r++) {
            plain.merge(t.column("a").value(r) + "|" + t.column("b").value(r) + "|" + t.column("c").value(r), 1,
                    Integer::sum);
        }
        assertEquals(plain.size(), ec.classCount());
        for (int r = 0; r < t.rows(); r++) {
            String key = t.column("a").value(r) + "|" + t.column("b").value(r) + "|" + t.column("c").value(r);
            assertEquals(plain.get(key), ec.size(ec.classOf(r)));
        }
    }
}
