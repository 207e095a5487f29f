package io.custos.data.table;

/** What a column's values are, as inferred from the values themselves. */
public enum ColumnType {
    INTEGER, DECIMAL, BOOLEAN, DATE, CATEGORICAL, TEXT, EMPTY;

    public boolean numeric() {
        return this == INTEGER || this == DECIMAL;
    }
}
