package io.custos.data.table;

/**
 * A column's inferred type with the evidence for it: how many rows are missing, how many distinct
 * values there are, and how many present values do not fit the type (type mismatches).
 */
public record ColumnSchema(String name, ColumnType type, long missing, long distinct, long mismatches) {
}
