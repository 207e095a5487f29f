package io.custos.data.transform;

import io.custos.data.table.DataTable;
import java.util.List;

/** The transformed table and, per step, what it did. */
public record TransformResult(DataTable table, List<StepOutcome> steps) {
}
