package io.custos.federated.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.custos.ml.artifact.ModelArtifact;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.data.DataException;
import io.custos.ml.train.FeatureEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDatasetTest {

    /** Features in the federation's order: age (position 0), then colour (position 1). */
    static final List<FeatureEncoder.Column> FEATURES = List.of(
            new FeatureEncoder.Column("age", 0, ColumnDeclaration.Kind.NUMERIC, 0, 100, null),
            new FeatureEncoder.Column("colour", 1, ColumnDeclaration.Kind.CATEGORICAL, 0, 1, List.of("red", "blue")));

    static ModelArtifact model(String positiveClass) {
        return new ModelArtifact(ModelArtifact.FORMAT, "logistic", 0, new double[4], FEATURES, "outcome",
                positiveClass, null, null, null).validate();
    }

    @TempDir
    Path tmp;

    private Path csv(String text) throws Exception {
        Path file = tmp.resolve("site.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void featuresAreFoundByNameWhateverTheSitesColumnOrder() throws Exception {
        // The site's CSV orders columns its own way and has one the federation does not use.
        LocalDataset data = LocalDataset.read(csv("""
                patient,outcome,colour,age
                p1,yes,blue,50
                p2,no,red,120
                p3,no,green,
                """), model("yes"));
        assertEquals(3, data.size());
        assertArrayEquals(new double[] {0.5, 0, 1}, data.x()[0], 0);
        assertArrayEquals(new double[] {1.0, 1, 0}, data.x()[1], 0, "clipped to the declared bounds");
        assertArrayEquals(new double[] {0.5, 0, 0}, data.x()[2], 0, "missing: middle; unknown category: zeros");
        assertArrayEquals(new int[] {1, 0, 0}, data.y());
        assertEquals(1, data.positives());
        assertEquals(List.of(3, 2), data.encoder().columns().stream().map(FeatureEncoder.Column::sourceIndex).toList(),
                "the encoder reads the site's columns");
        assertTrue(data.fits(model("yes")));
    }

    @Test
    void aMissingFeatureOrTargetNamesTheColumnAndTheHeaderFound() throws Exception {
        DataException feature = assertThrows(DataException.class,
                () -> LocalDataset.read(csv("outcome,colour\nyes,red\n"), model("yes")));
        assertTrue(feature.getMessage().contains("no column 'age'")
                && feature.getMessage().contains("[outcome, colour]"), feature.getMessage());

        DataException target = assertThrows(DataException.class,
                () -> LocalDataset.read(csv("age,colour,result\n3,red,yes\n"), model("yes")));
        assertTrue(target.getMessage().contains("no column 'outcome'") && target.getMessage().contains("target")
                && target.getMessage().contains("[age, colour, result]"), target.getMessage());

        DataException early = assertThrows(DataException.class,
                () -> LocalDataset.requireColumns(List.of("age", "outcome"), List.of("age", "colour", "outcome")));
        assertTrue(early.getMessage().contains("'colour'"), early.getMessage());
        LocalDataset.requireColumns(List.of("outcome", "colour", "age", "extra"), List.of("age", "colour", "outcome"));
    }

    @Test
    void anInvalidLabelNamesItsLine() throws Exception {
        DataException numeric = assertThrows(DataException.class,
                () -> LocalDataset.read(csv("age,colour,outcome\n1,red,1\n2,red,0.0\n3,blue,2\n"), model(null)));
        assertTrue(numeric.getMessage().startsWith("line 4:") && numeric.getMessage().contains("'2', not 0 or 1"),
                numeric.getMessage());

        // With a positive class every other value is 0, but an empty target is an unlabelled row.
        DataException empty = assertThrows(DataException.class,
                () -> LocalDataset.read(csv("age,colour,outcome\n1,red,yes\n2,red,\n"), model("yes")));
        assertTrue(empty.getMessage().startsWith("line 3:") && empty.getMessage().contains("empty"),
                empty.getMessage());

        assertThrows(DataException.class, () -> LocalDataset.read(csv("age,colour,outcome\n"), model("yes")),
                "no rows");
    }

    @Test
    void dataEncodedForOtherFeaturesDoesNotFit() throws Exception {
        LocalDataset data = LocalDataset.read(csv("age,colour,outcome\n1,red,1\n"), model(null));
        List<FeatureEncoder.Column> other = List.of(FEATURES.get(0),
                new FeatureEncoder.Column("colour", 1, ColumnDeclaration.Kind.CATEGORICAL, 0, 1, List.of("blue", "red")));
        ModelArtifact reordered = new ModelArtifact(ModelArtifact.FORMAT, "logistic", 0, new double[4], other,
                "outcome", null, null, null, null);
        assertFalse(data.fits(reordered));
    }
}
