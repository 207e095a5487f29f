package io.custos.events;

/** Guards schema names that are spliced into SQL (they cannot be bind parameters). */
public final class SqlNames {

    private SqlNames() {
    }

    public static String schema(String name) {
        if (name == null || !name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("invalid schema name: " + name);
        }
        return name;
    }
}
