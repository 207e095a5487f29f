package io.custos.privacy.ledger;

import io.agroal.api.AgroalDataSource;
import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.RdpAccountant;
import io.custos.privacy.config.PrivacyConfig;
import io.custos.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The privacy ledger. A job reserves its epsilon and delta when it is accepted, commits what it
 * actually spent (with its RDP curve) when it completes, or releases the reservation when it
 * fails. Each operation locks the dataset's budget row first, so concurrent submissions are
 * serialised per dataset and can never overspend.
 */
@ApplicationScoped
public class PrivacyLedger {

    /** Rounding slack when comparing sums of doubles with a limit. */
    private static final double SLACK = 1e-12;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PrivacyConfig config;

    @Transactional
    public void reserve(String tenant, String datasetId, UUID jobId, double epsilon, double delta, String by) {
        try (Connection c = dataSource.getConnection()) {
            double[] limits = lockBudget(c, tenant, datasetId, by);
            Totals t = totals(c, tenant, datasetId);
            double remaining = limits[0] - t.epsSpent - t.epsReserved;
            if (epsilon > remaining + SLACK) {
                throw new ProblemException(409, "Budget exceeded", "dataset " + datasetId + " has epsilon "
                        + fmt(Math.max(0, remaining)) + " remaining of its limit " + fmt(limits[0]) + " (spent "
                        + fmt(t.epsSpent) + ", reserved " + fmt(t.epsReserved) + "); this job needs " + fmt(epsilon));
            }
            double deltaRemaining = limits[1] - t.deltaSpent - t.deltaReserved;
            if (delta > deltaRemaining + SLACK) {
                throw new ProblemException(409, "Budget exceeded", "dataset " + datasetId + " has delta "
                        + fmt(Math.max(0, deltaRemaining)) + " remaining of its limit " + fmt(limits[1])
                        + "; this job needs " + fmt(delta));
            }
            insert(c, tenant, datasetId, jobId, "RESERVE", epsilon, delta, null, "reservation", null, null, null, by);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records what the job spent; it may not exceed what it reserved. {@code rdpDelta} is the delta
     * at which the run's RDP curve was converted (its total delta less any thresholding delta).
     */
    @Transactional
    public void commit(String tenant, String datasetId, UUID jobId, double epsilon, double delta, double rdpDelta,
            String accountant, double[] orders, double[] rdp, String by) {
        try (Connection c = dataSource.getConnection()) {
            lockBudget(c, tenant, datasetId, by);
            double[] reserved = openReservation(c, jobId);
            if (epsilon > reserved[0] + SLACK || delta > reserved[1] + SLACK) {
                throw new IllegalStateException("job " + jobId + " spent more than it reserved");
            }
            insert(c, tenant, datasetId, jobId, "COMMIT", epsilon, delta, rdpDelta, accountant, orders, rdp, null, by);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives a failed job's reservation back. */
    @Transactional
    public void release(String tenant, String datasetId, UUID jobId, String reason, String by) {
        try (Connection c = dataSource.getConnection()) {
            lockBudget(c, tenant, datasetId, by);
            double[] reserved = openReservation(c, jobId);
            insert(c, tenant, datasetId, jobId, "RELEASE", reserved[0], reserved[1], null, "release", null, null, reason,
                    by);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    public Budget setLimit(String tenant, String datasetId, double epsilonLimit, double deltaLimit, String by) {
        try (Connection c = dataSource.getConnection()) {
            lockBudget(c, tenant, datasetId, by);
            Totals t = totals(c, tenant, datasetId);
            if (epsilonLimit + SLACK < t.epsSpent + t.epsReserved) {
                throw new ProblemException(409, "Below what is spent", "dataset " + datasetId
                        + " has already spent or reserved epsilon " + fmt(t.epsSpent + t.epsReserved)
                        + "; the limit cannot go below it");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE privacy.dataset_budgets SET epsilon_limit = ?,"
                    + " delta_limit = ?, updated_by = ?, updated_at = now() WHERE tenant = ? AND dataset_id = ?")) {
                ps.setDouble(1, epsilonLimit);
                ps.setDouble(2, deltaLimit);
                ps.setString(3, by);
                ps.setString(4, tenant);
                ps.setString(5, datasetId);
                ps.executeUpdate();
            }
            return budget(c, tenant, datasetId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    public Budget budget(String tenant, String datasetId) {
        try (Connection c = dataSource.getConnection()) {
            return budget(c, tenant, datasetId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    public List<LedgerEntry> entries(String tenant, String datasetId) {
        String sql = "SELECT id, dataset_id, job_id, entry, epsilon, delta, accountant, rdp_orders, rdp, note,"
                + " recorded_by, recorded_at FROM privacy.privacy_ledger WHERE tenant = ?"
                + (datasetId == null ? "" : " AND dataset_id = ?") + " ORDER BY id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            if (datasetId != null) {
                ps.setString(2, datasetId);
            }
            List<LedgerEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LedgerEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getDouble(5), rs.getDouble(6), rs.getString(7), doubles(rs.getArray(8)),
                            doubles(rs.getArray(9)), rs.getString(10), rs.getString(11),
                            rs.getObject(12, java.time.OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Budget budget(Connection c, String tenant, String datasetId) throws SQLException {
        double[] limits = limits(c, tenant, datasetId);
        Totals t = totals(c, tenant, datasetId);
        Double composed = null;
        if (t.committed > 0 && t.curves != null) {
            // Thresholding deltas sit outside the curves; they add to deltaSpent, not to the conversion.
            composed = t.rdpDelta > 0 && t.rdpDelta < 1
                    ? RdpAccountant.epsilon(t.curveOrders, t.curves, t.rdpDelta, Conversion.IMPROVED).epsilon()
                    : null;
        }
        return new Budget(datasetId, limits[0], limits[1], t.epsSpent, t.epsReserved,
                Math.max(0, limits[0] - t.epsSpent - t.epsReserved), t.deltaSpent, t.deltaReserved, composed,
                t.committed, t.open);
    }

    /** Creates the budget row with the default limits if needed and locks it for this transaction. */
    private double[] lockBudget(Connection c, String tenant, String datasetId, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO privacy.dataset_budgets (tenant, dataset_id,"
                + " epsilon_limit, delta_limit, updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, tenant);
            ps.setString(2, datasetId);
            ps.setDouble(3, config.budget().defaultEpsilon());
            ps.setDouble(4, config.budget().defaultDelta());
            ps.setString(5, by);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT epsilon_limit, delta_limit FROM privacy.dataset_budgets"
                + " WHERE tenant = ? AND dataset_id = ? FOR UPDATE")) {
            ps.setString(1, tenant);
            ps.setString(2, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getDouble(2)};
            }
        }
    }

    private double[] limits(Connection c, String tenant, String datasetId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT epsilon_limit, delta_limit FROM privacy.dataset_budgets"
                + " WHERE tenant = ? AND dataset_id = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new double[] {rs.getDouble(1), rs.getDouble(2)};
                }
                return new double[] {config.budget().defaultEpsilon(), config.budget().defaultDelta()};
            }
        }
    }

    /** An open reservation of the job: [epsilon, delta]. */
    private static double[] openReservation(Connection c, UUID jobId) throws SQLException {
        double[] reserved = null;
        boolean closed = false;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT entry, epsilon, delta FROM privacy.privacy_ledger WHERE job_id = ?")) {
            ps.setObject(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).equals("RESERVE")) {
                        reserved = new double[] {rs.getDouble(2), rs.getDouble(3)};
                    } else {
                        closed = true;
                    }
                }
            }
        }
        if (reserved == null || closed) {
            throw new IllegalStateException("job " + jobId + " has no open reservation");
        }
        return reserved;
    }

    /** {@code rdpDelta}: the sum of the committed runs' curve deltas, at which the composed curve converts. */
    private record Totals(double epsSpent, double epsReserved, double deltaSpent, double deltaReserved, int committed,
            int open, double[] curveOrders, double[] curves, double rdpDelta) {
    }

    private static Totals totals(Connection c, String tenant, String datasetId) throws SQLException {
        Map<String, double[]> reserved = new HashMap<>();
        Map<String, Boolean> closed = new HashMap<>();
        double epsSpent = 0;
        double deltaSpent = 0;
        int committed = 0;
        double[] orders = null;
        double[] curve = null;
        boolean curvesComparable = true;
        double rdpDelta = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT job_id, entry, epsilon, delta, rdp_orders, rdp,"
                + " rdp_delta FROM privacy.privacy_ledger WHERE tenant = ? AND dataset_id = ? ORDER BY id")) {
            ps.setString(1, tenant);
            ps.setString(2, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String job = rs.getString(1);
                    switch (rs.getString(2)) {
                        case "RESERVE" -> reserved.put(job, new double[] {rs.getDouble(3), rs.getDouble(4)});
                        case "RELEASE" -> closed.put(job, true);
                        default -> {
                            closed.put(job, true);
                            epsSpent += rs.getDouble(3);
                            deltaSpent += rs.getDouble(4);
                            committed++;
                            double[] o = doubles(rs.getArray(5));
                            double[] r = doubles(rs.getArray(6));
                            double d = rs.getDouble(7);
                            rdpDelta += rs.wasNull() ? rs.getDouble(4) : d;
                            if (o == null || r == null) {
                                curvesComparable = false;
                            } else if (orders == null) {
                                orders = o;
                                curve = r.clone();
                            } else if (Arrays.equals(orders, o)) {
                                for (int i = 0; i < curve.length; i++) {
                                    curve[i] += r[i];
                                }
                            } else {
                                curvesComparable = false;
                            }
                        }
                    }
                }
            }
        }
        double epsReserved = 0;
        double deltaReserved = 0;
        int open = 0;
        for (Map.Entry<String, double[]> e : reserved.entrySet()) {
            if (!closed.containsKey(e.getKey())) {
                epsReserved += e.getValue()[0];
                deltaReserved += e.getValue()[1];
                open++;
            }
        }
        return new Totals(epsSpent, epsReserved, deltaSpent, deltaReserved, committed, open,
                curvesComparable ? orders : null, curvesComparable ? curve : null, rdpDelta);
    }

    private static void insert(Connection c, String tenant, String datasetId, UUID jobId, String entry, double epsilon,
            double delta, Double rdpDelta, String accountant, double[] orders, double[] rdp, String note, String by)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO privacy.privacy_ledger (tenant, dataset_id, job_id,"
                + " entry, epsilon, delta, accountant, rdp_orders, rdp, note, recorded_by, rdp_delta)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, tenant);
            ps.setString(2, datasetId);
            ps.setObject(3, jobId);
            ps.setString(4, entry);
            ps.setDouble(5, epsilon);
            ps.setDouble(6, delta);
            ps.setString(7, accountant);
            ps.setArray(8, orders == null ? null : c.createArrayOf("float8", box(orders)));
            ps.setArray(9, rdp == null ? null : c.createArrayOf("float8", box(rdp)));
            ps.setString(10, note);
            ps.setString(11, by);
            ps.setObject(12, rdpDelta);
            ps.executeUpdate();
        }
    }

    /** Six significant digits, no trailing zeros: 0.25, 1, 1e-06 read as a person writes them. */
    static String fmt(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toString();
    }

    private static Double[] box(double[] v) {
        return Arrays.stream(v).boxed().toArray(Double[]::new);
    }

    private static double[] doubles(Array a) throws SQLException {
        if (a == null) {
            return null;
        }
        Object[] values = (Object[]) a.getArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).doubleValue();
        }
        return out;
    }
}
