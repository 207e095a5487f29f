package io.custos.gateway.support;

import static io.restassured.RestAssured.given;

import io.custos.testsupport.TestDatabase;
import io.custos.testsupport.TestKeys;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small helpers shared by the tests: tokens, accounts, and direct reads of the gateway schema. */
public final class Api {

    public static final String ROOT_ADMIN = "root-admin";
    public static final String ROOT_PASSWORD = "bootstrap-password-123";

    private Api() {
    }

    /** A token of the installation administrator (tenant "default"). */
    public static String installationAdminToken() {
        return TestKeys.shared().token(ROOT_ADMIN, "default", "admin");
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates an account through the admin API and returns its username. */
    public static String createUser(String username, String password, String tenant, String... roles) {
        given().auth().oauth2(installationAdminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password, "roles", List.of(roles), "tenant", tenant))
                .post("/api/admin/users")
                .then().statusCode(201);
        return username;
    }

    public static Response login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/auth/login");
    }

    public static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .post("/api/auth/refresh");
    }

    public static long count(String sql, Object... params) {
        try (Connection c = TestDatabase.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String string(String sql, Object... params) {
        try (Connection c = TestDatabase.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int update(String sql, Object... params) {
        try (Connection c = TestDatabase.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
