package io.custos.data.table;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.custos.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A CSV file in columns: a header of unique names and dictionary-encoded columns of equal length. */
public final class DataTable {

    /** Most columns a file may have (wider files are almost always a wrong delimiter or a dump). */
    public static final int MAX_COLUMNS = 1000;

    private final List<Column> columns;
    private final int rows;

    public DataTable(List<Column> columns) {
        this.columns = List.copyOf(columns);
        this.rows = columns.isEmpty() ? 0 : columns.get(0).size();
        Set<String> names = new HashSet<>();
        for (Column c : columns) {
            if (c.size() != rows) {
                throw new IllegalArgumentException("column " + c.name() + " has " + c.size() + " rows, not " + rows);
            }
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("duplicate column " + c.name());
            }
        }
    }

    public int rows() {
        return rows;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> header() {
        return columns.stream().map(Column::name).toList();
    }

    public boolean has(String name) {
        return columns.stream().anyMatch(c -> c.name().equals(name));
    }

    public Column column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new DataException(name, "column '" + name + "' does not exist; columns are " + header());
    }

    /** This table with one column replaced (same name) or renamed. */
    public DataTable with(String name, Column replacement) {
        List<Column> out = new ArrayList<>(columns.size());
        for (Column c : columns) {
            out.add(c.name().equals(name) ? replacement : c);
        }
        return new DataTable(out);
    }

    public DataTable without(Set<String> names) {
        return new DataTable(columns.stream().filter(c -> !names.contains(c.name())).toList());
    }

    /** The rows where {@code keep[row]} is true. */
    public DataTable keepRows(boolean[] keep) {
        int kept = 0;
        for (boolean k : keep) {
            if (k) {
                kept++;
            }
        }
        int n = kept;
        return new DataTable(columns.stream().map(c -> c.keepRows(keep, n)).toList());
    }

    public static DataTable readCsv(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readCsv(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a UTF-8 CSV with a header row. Bad bytes, a ragged row, an empty or duplicate header
     * name are errors naming the line; blank lines are skipped.
     */
    public static DataTable readCsv(InputStream in) {
        try (CsvReader<CsvRecord> reader = CsvReader.builder().skipEmptyLines(true).allowExtraFields(true)
                .allowMissingFields(true).ofCsvRecord(new StrictUtf8Reader(in))) {
            List<String> header = null;
            List<Column.Builder> builders = new ArrayList<>();
            for (CsvRecord r : reader) {
                if (header == null) {
                    header = header(r);
                    for (String name : header) {
                        builders.add(new Column.Builder(name, 1024));
                    }
                    continue;
                }
                if (r.getFieldCount() != header.size()) {
                    throw new DataException("file", "line " + r.getStartingLineNumber() + " has " + r.getFieldCount()
                            + " fields; the header has " + header.size());
                }
                for (int i = 0; i < builders.size(); i++) {
                    builders.get(i).add(r.getField(i));
                }
            }
            if (header == null) {
                throw new DataException("file", "the file is empty: a header row is required");
            }
            return new DataTable(builders.stream().map(Column.Builder::build).toList());
        } catch (CsvParseException e) {
            // FastCSV wraps what the reader throws (a bad byte) in its own exception.
            if (e.getCause() instanceof DataException d) {
                throw d;
            }
            throw new DataException("file", "not a valid CSV file: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> header(CsvRecord r) {
        if (r.getFieldCount() > MAX_COLUMNS) {
            throw new DataException("file", "the header has " + r.getFieldCount() + " columns; at most " + MAX_COLUMNS
                    + " are allowed");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < r.getFieldCount(); i++) {
            String name = r.getField(i).strip();
            if (name.isEmpty()) {
                throw new DataException("file", "line " + r.getStartingLineNumber() + ": column " + (i + 1)
                        + " of the header has no name");
            }
            if (!seen.add(name)) {
                throw new DataException("file", "line " + r.getStartingLineNumber() + ": column name '" + name
                        + "' appears twice in the header");
            }
            names.add(name);
        }
        return names;
    }

    /** Writes the table as UTF-8 CSV with a header row (quoting where needed). */
    public void writeCsv(OutputStream out) {
        try {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            // LF like the files people upload; FastCSV's default is RFC 4180's CRLF.
            CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(w);
            csv.writeRecord(header());
            String[] row = new String[columns.size()];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = columns.get(c).value(r);
                }
                csv.writeRecord(row);
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeCsv(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeCsv(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
