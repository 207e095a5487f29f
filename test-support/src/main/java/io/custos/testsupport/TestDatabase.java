package io.custos.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The machine's PostgreSQL test database ({@code custos_test} by default; the build passes
 * {@code custos.test.db.*} system properties). `.ci/run` and `make test` create the role and
 * database before the tests run.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static String url() {
        return System.getProperty("custos.test.db.url", "jdbc:postgresql://127.0.0.1:5432/custos_test");
    }

    public static String user() {
        return System.getProperty("custos.test.db.user", "custos");
    }

    public static String password() {
        return System.getProperty("custos.test.db.password", "custos");
    }

    public static DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url());
        ds.setUser(user());
        ds.setPassword(password());
        return ds;
    }

    /** Drops and recreates a schema, for tests that own it. */
    public static void recreateSchema(String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException(schema);
        }
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the test database at " + url()
                    + " (run `make test`, which prepares it): " + e.getMessage(), e);
        }
    }
}
