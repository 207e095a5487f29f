package io.custos.ml.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    /** Reads a CSV with a header row; a ragged row is an error naming its line. */
    public static Table readCsv(Path file) {
        try (CsvReader<CsvRecord> reader = CsvReader.builder().skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true).ofCsvRecord(file)) {
            List<String> header = null;
            List<String[]> rows = new ArrayList<>();
            for (CsvRecord r : reader) {
                if (header == null) {
                    header = r.getFields().stream().map(String::strip).toList();
                    continue;
                }
                if (r.getFieldCount() != header.size()) {
                    throw new DataException("line " + r.getStartingLineNumber() + " has " + r.getFieldCount()
                            + " fields; the header has " + header.size());
                }
                rows.add(r.getFields().toArray(String[]::new));
            }
            if (header == null) {
                throw new DataException("the file is empty: a header row is required");
            }
            return new Table(header, rows);
        } catch (CsvParseException e) {
            throw new DataException("not a valid CSV file: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
