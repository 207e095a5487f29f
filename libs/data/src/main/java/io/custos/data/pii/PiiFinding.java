package io.custos.data.pii;

import java.util.List;

/**
 * One kind of personal data found in a column: how many rows hold it and the 1-based data row
 * numbers of the first few of them (at most {@value PiiScanner#SAMPLE_ROWS}). Never the values
 * themselves, so a report can be shown to people who may not see the data.
 */
public record PiiFinding(PiiType type, long count, List<Integer> sampleRows) {

    public PiiFinding {
        sampleRows = List.copyOf(sampleRows);
    }
}
