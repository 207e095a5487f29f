package io.custos.ml.data;

import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A CSV file held as strings: a header and rows of the same width. */
public record Table(List<String> header, List<String[]> rows) {

    public Table {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    public int columnIndex(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new DataException("column '" + name + "' does not exist; columns are " + header);
        }
        return i;
    }

    public int size() {
        return rows.size();
    }

    /**
     * Reads a UTF-8 CSV with a header row through the one CSV reader of libs/data (bad bytes,
     * ragged rows and header problems are errors naming the line), then lays it out by row.
     */
    public static Table readCsv(Path file) {
        DataTable columns;
        try {
            columns = DataTable.readCsv(file);
        } catch (io.custos.data.DataException e) {
            throw new DataException(e.getMessage());
        }
        List<Column> cols = columns.columns();
        List<String[]> rows = new ArrayList<>(columns.rows());
        for (int r = 0; r < columns.rows(); r++) {
            String[] row = new String[cols.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = cols.get(c).value(r);
            }
            rows.add(row);
        }
        return new Table(columns.header(), rows);
    }
}
