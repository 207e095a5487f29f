package io.custos.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.data.DataException;
import io.custos.data.pii.PiiType;
import io.custos.data.transform.TransformStep.ClipMethod;
import io.custos.data.transform.TransformStep.ClipOutliers;
import io.custos.data.transform.TransformStep.DateTruncation;
import io.custos.data.transform.TransformStep.DropColumns;
import io.custos.data.transform.TransformStep.DropHighUniqueness;
import io.custos.data.transform.TransformStep.Generalise;
import io.custos.data.transform.TransformStep.GeneraliseToK;
import io.custos.data.transform.TransformStep.RedactPii;
import io.custos.data.transform.TransformStep.RedactionMode;
import io.custos.data.transform.TransformStep.SuppressSmallClasses;
import io.custos.data.transform.TransformStep.SuppressionMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformStepsTest {

    private static final String ALL_STEPS = """
            [
              {"type":"redact_pii","columns":["notes"],"types":["EMAIL","PHONE"],"mode":"format_preserving"},
              {"type":"clip_outliers","columns":["income"],"method":"iqr"},
              {"type":"drop_columns","columns":["ssn"]},
              {"type":"drop_high_uniqueness"},
              {"type":"generalise","column":"age","bins":{"width":10}},
              {"type":"generalise","column":"age2","bins":{"edges":[0,18,65]}},
              {"type":"generalise","column":"admitted","dateTruncation":"month"},
              {"type":"generalise","column":"zip","postcodeKeep":3},
              {"type":"generalise","column":"diag","groups":{"cardio":["I10","I20"]},"otherLabel":"other"},
              {"type":"generalise_to_k","quasiIdentifiers":["age","zip","sex"],"k":5,
               "hierarchies":{"age":{"widths":[5,10,20]},"zip":{"postcodeKeep":[4,3,2]},
                              "sex":{"groups":[{"any":["F","M"]}]}}},
              {"type":"suppress_small_classes","quasiIdentifiers":["age","zip"],"k":3,"mode":"mask"}
            ]""";

    @Test
    void everyStepTypeParsesWithItsDefaults() {
        List<TransformStep> steps = TransformSteps.parse(ALL_STEPS);
        assertEquals(11, steps.size());
        RedactPii redact = assertInstanceOf(RedactPii.class, steps.get(0));
        assertEquals(List.of(PiiType.EMAIL, PiiType.PHONE), redact.types());
        assertEquals(RedactionMode.FORMAT_PRESERVING, redact.mode());
        assertEquals("*", redact.maskChar());
        ClipOutliers clip = assertInstanceOf(ClipOutliers.class, steps.get(1));
        assertEquals(ClipMethod.IQR, clip.method());
        assertEquals(1.5, clip.factor());
        assertEquals(List.of("ssn"), assertInstanceOf(DropColumns.class, steps.get(2)).columns());
        DropHighUniqueness drop = assertInstanceOf(DropHighUniqueness.class, steps.get(3));
        assertEquals(0.9, drop.threshold());
        assertEquals(List.of(), drop.exclude());
        Generalise bins = assertInstanceOf(Generalise.class, steps.get(4));
        assertEquals(10.0, bins.bins().width());
        assertNull(bins.bins().origin());
        assertEquals(DateTruncation.MONTH, assertInstanceOf(Generalise.class, steps.get(6)).dateTruncation());
        assertEquals(3, assertInstanceOf(Generalise.class, steps.get(7)).postcodeKeep());
        assertEquals(Map.of("cardio", List.of("I10", "I20")), ((Generalise) steps.get(8)).groups());
        GeneraliseToK toK = assertInstanceOf(GeneraliseToK.class, steps.get(9));
        assertEquals(5, toK.k());
        assertEquals(0.05, toK.maxSuppression());
        assertEquals(List.of(5.0, 10.0, 20.0), toK.hierarchies().get("age").widths());
        SuppressSmallClasses suppress = assertInstanceOf(SuppressSmallClasses.class, steps.get(10));
        assertEquals(SuppressionMode.MASK, suppress.mode());
        assertEquals("clip_outliers", TransformSteps.typeName(clip));
    }

    @Test
    void stdIsTheDefaultClipWithFactorThree() {
        ClipOutliers clip = (ClipOutliers) TransformSteps.parse("[{\"type\":\"clip_outliers\",\"columns\":[\"x\"]}]")
                .get(0);
        assertEquals(ClipMethod.STD, clip.method());
        assertEquals(3.0, clip.factor());
    }

    @Test
    void parsedStepsSerialiseBackWithTheirTypeAndDefaults() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<TransformStep> steps = TransformSteps.parse(ALL_STEPS);
        String text = json.writerFor(new TypeReference<List<TransformStep>>() {
        }).writeValueAsString(steps);
        assertTrue(text.contains("{\"type\":\"clip_outliers\",\"columns\":[\"income\"],\"method\":\"iqr\",\"factor\":1.5}"),
                text);
        assertEquals(steps, TransformSteps.parse(text));
        // one step on its own carries its type too, and leaves out what was not given
        assertEquals("{\"type\":\"generalise\",\"column\":\"age\",\"bins\":{\"width\":10.0}}",
                json.writeValueAsString(steps.get(4)));
    }

    private static DataException fails(String json) {
        return assertThrows(DataException.class, () -> TransformSteps.parse(json));
    }

    @Test
    void malformedJsonAndWrongRootAreAboutSteps() {
        DataException e = fails("[{\"type\":");
        assertEquals("steps", e.field());
        assertTrue(e.getMessage().startsWith("not valid JSON"), e.getMessage());
        e = fails("{\"type\":\"drop_columns\"}");
        assertEquals("steps", e.field());
        assertTrue(e.getMessage().startsWith("must be a JSON array of steps"));
        assertEquals("at least one step is required", fails("[]").getMessage());
        assertEquals("steps[0]", fails("[42]").field());
    }

    @Test
    void unknownOrMissingTypeNamesTheStep() {
        DataException e = fails("[{\"type\":\"drop_columns\",\"columns\":[\"a\"]},{\"type\":\"shuffle\"}]");
        assertEquals("steps[1].type", e.field());
        assertEquals("unknown step type 'shuffle'; one of [redact_pii, clip_outliers, drop_columns,"
                + " drop_high_uniqueness, generalise, generalise_to_k, suppress_small_classes]", e.getMessage());
        e = fails("[{\"columns\":[\"a\"]}]");
        assertEquals("steps[0].type", e.field());
        assertTrue(e.getMessage().startsWith("required: one of [redact_pii"));
    }

    @Test
    void unknownFieldIsNamedWithTheFieldsTheStepTakes() {
        DataException e = fails("[{\"type\":\"drop_columns\",\"columns\":[\"a\"]},{\"type\":\"drop_columns\","
                + "\"columns\":[\"a\"]},{\"type\":\"clip_outliers\",\"colums\":[\"x\"]}]");
        assertEquals("steps[2].colums", e.field());
        assertEquals("unknown field 'colums'; clip_outliers takes type, columns, method, factor", e.getMessage());
    }

    @Test
    void wrongShapesAndEnumValuesNameTheField() {
        DataException e = fails("[{\"type\":\"drop_columns\",\"columns\":\"ssn\"}]");
        assertEquals("steps[0].columns", e.field());
        assertEquals("expected a JSON array", e.getMessage());

        e = fails("[{\"type\":\"redact_pii\",\"mode\":\"scramble\"}]");
        assertEquals("steps[0].mode", e.field());
        assertEquals("'scramble' is not allowed; one of mask, format_preserving", e.getMessage());

        e = fails("[{\"type\":\"redact_pii\",\"types\":[\"EMAIL\",\"PASSPORT\"]}]");
        assertEquals("steps[0].types[1]", e.field());
        assertTrue(e.getMessage().contains("one of EMAIL, PHONE, SSN"), e.getMessage());

        e = fails("[{\"type\":\"suppress_small_classes\",\"quasiIdentifiers\":[\"a\"],\"k\":\"5\"}]");
        assertEquals("steps[0].k", e.field());
        assertEquals("expected a whole number", e.getMessage());

        e = fails("[{\"type\":\"suppress_small_classes\",\"quasiIdentifiers\":[\"a\"],\"k\":2.5}]");
        assertEquals("steps[0].k", e.field());

        e = fails("[{\"type\":\"generalise_to_k\",\"quasiIdentifiers\":[\"age\"],\"k\":5,"
                + "\"hierarchies\":{\"age\":{\"widths\":\"5\"}}}]");
        assertEquals("steps[0].hierarchies.age.widths", e.field());
    }

    @Test
    void rangesAndCombinationsAreCheckedPerField() {
        DataException e = fails("[{\"type\":\"suppress_small_classes\",\"quasiIdentifiers\":[\"a\"],\"k\":1}]");
        assertEquals("steps[0].k", e.field());
        assertEquals("must be at least 2 (got 1)", e.getMessage());

        e = fails("[{\"type\":\"suppress_small_classes\",\"quasiIdentifiers\":[\"a\"]}]");
        assertEquals("steps[0].k", e.field());
        assertEquals("required: a whole number of at least 2", e.getMessage());

        e = fails("[{\"type\":\"clip_outliers\",\"columns\":[]}]");
        assertEquals("steps[0].columns", e.field());
        assertEquals("required: a non-empty list of column names", e.getMessage());

        e = fails("[{\"type\":\"drop_columns\",\"columns\":[\"a\",\"b\",\"a\"]}]");
        assertEquals("steps[0].columns[2]", e.field());
        assertEquals("column 'a' is listed twice", e.getMessage());

        e = fails("[{\"type\":\"clip_outliers\",\"columns\":[\"x\"],\"factor\":0}]");
        assertEquals("steps[0].factor", e.field());

        e = fails("[{\"type\":\"drop_high_uniqueness\",\"threshold\":1.2}]");
        assertEquals("steps[0].threshold", e.field());
        assertTrue(e.getMessage().startsWith("must be in (0, 1]"));

        e = fails("[{\"type\":\"generalise\",\"column\":\"age\",\"bins\":{\"width\":10},\"postcodeKeep\":2}]");
        assertEquals("steps[0]", e.field());
        assertEquals("give exactly one of bins, dateTruncation, postcodeKeep, groups (got 2)", e.getMessage());

        e = fails("[{\"type\":\"generalise\",\"column\":\"age\",\"bins\":{\"edges\":[0,18,18,65]}}]");
        assertEquals("steps[0].bins.edges[2]", e.field());
        assertTrue(e.getMessage().startsWith("must be greater than the one before"));

        e = fails("[{\"type\":\"generalise\",\"column\":\"age\",\"bins\":{\"width\":10,\"edges\":[0,1]}}]");
        assertEquals("steps[0].bins", e.field());

        e = fails("[{\"type\":\"generalise\",\"column\":\"d\",\"groups\":{\"a\":[\"x\"],\"b\":[\"y\",\"x\"]}}]");
        assertEquals("steps[0].groups.b[1]", e.field());
        assertEquals("\"x\" is already in group 'a'; a value belongs to one group", e.getMessage());

        e = fails("[{\"type\":\"redact_pii\",\"maskChar\":\"ab\"}]");
        assertEquals("steps[0].maskChar", e.field());
        e = fails("[{\"type\":\"redact_pii\",\"maskChar\":\"x\"}]");
        assertEquals("steps[0].maskChar", e.field());
    }

    @Test
    void hierarchiesAreCheckedLevelByLevel() {
        String prefix = "[{\"type\":\"generalise_to_k\",\"quasiIdentifiers\":[\"age\",\"zip\"],\"k\":5,";
        DataException e = fails(prefix + "\"hierarchies\":{\"postcode\":{\"postcodeKeep\":[3]}}}]");
        assertEquals("steps[0].hierarchies.postcode", e.field());
        assertEquals("'postcode' is not one of the quasiIdentifiers [age, zip]", e.getMessage());

        e = fails(prefix + "\"hierarchies\":{\"age\":{\"widths\":[10,5]}}}]");
        assertEquals("steps[0].hierarchies.age.widths[1]", e.field());

        e = fails(prefix + "\"hierarchies\":{\"zip\":{\"postcodeKeep\":[3,3]}}}]");
        assertEquals("steps[0].hierarchies.zip.postcodeKeep[1]", e.field());

        e = fails(prefix + "\"hierarchies\":{\"age\":{\"dates\":[\"year\",\"month\"]}}}]");
        assertEquals("steps[0].hierarchies.age.dates[1]", e.field());

        e = fails(prefix + "\"hierarchies\":{\"age\":{\"widths\":[5],\"dates\":[\"year\"]}}}]");
        assertEquals("steps[0].hierarchies.age", e.field());

        e = fails(prefix + "\"maxSuppression\":1}]");
        assertEquals("steps[0].maxSuppression", e.field());
    }
}
