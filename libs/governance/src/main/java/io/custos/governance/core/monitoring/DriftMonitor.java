package io.custos.governance.core.monitoring;

import io.custos.data.drift.Psi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares a production batch with a model's reference profile, feature by feature and on the
 * predictions, and grades the result.
 *
 * <p><b>Statistics.</b> For each feature (and the predictions) the batch's counts are laid against
 * the reference's cells: a numeric feature's bins plus two cells for values below and above the
 * reference's range, a categorical feature's categories plus one cell per category the reference
 * lacks. Over those cells: the PSI (see {@link Psi} for the epsilon used for empty
 * cells) and a p-value from the chi-square goodness-of-fit test of the batch to the reference's
 * proportions, combined with a binomial test of the values that fell where the reference has none
 * (see {@link CountTests}, also for the pooling of small cells).
 *
 * <p><b>Severity.</b> With p the test's p-value and PSI the index:
 * <ul>
 *   <li>CRITICAL: PSI &gt;= psiCritical and p &lt; alpha;</li>
 *   <li>WARNING: PSI &gt;= psiWarning and p &lt; alpha;</li>
 *   <li>INFO: p &lt; alpha alone (on large batches the test finds negligible shifts significant), or
 *       PSI &gt;= psiWarning alone (a large-looking shift the test cannot tell from noise);</li>
 *   <li>NONE otherwise.</li>
 * </ul>
 * Requiring both keeps one noisy small batch from paging anyone, and keeps a huge batch's tiny
 * shift a note. When no test can be run (fewer than two cells left after pooling), the PSI decides
 * alone. A feature with fewer usable values than {@code minBatchSize} is INSUFFICIENT_DATA with
 * severity NONE, whatever its numbers (which are still reported).
 */
public final class DriftMonitor {

    private DriftMonitor() {
    }

    /** {@link #compare(ReferenceProfile, ProductionBatch, MonitoringThresholds, Instant)} now. */
    public static MonitoringReport compare(ReferenceProfile reference, ProductionBatch batch,
            MonitoringThresholds thresholds) {
        return compare(reference, batch, thresholds, Instant.now());
    }

    /**
     * @param thresholds null for {@link MonitoringThresholds#defaults()}
     * @throws MonitoringInputException when the batch does not fit the reference
     */
    public static MonitoringReport compare(ReferenceProfile reference, ProductionBatch batch,
            MonitoringThresholds thresholds, Instant at) {
        if (reference == null) {
            throw new MonitoringInputException("reference", "the reference profile is missing");
        }
        if (batch == null) {
            throw new MonitoringInputException("batch", "the production batch is missing");
        }
        MonitoringThresholds t = thresholds == null ? MonitoringThresholds.defaults() : thresholds;
        batch.checkAgainst(reference);

        List<FeatureDrift> features = new ArrayList<>();
        List<String> notInBatch = new ArrayList<>();
        for (FeatureProfile ref : reference.features()) {
            FeatureCounts counts = batch.feature(ref.name());
            if (counts == null) {
                notInBatch.add(ref.name());
            } else {
                features.add(compareFeature(ref, counts, t));
            }
        }
        PredictionDrift predictions = null;
        if (reference.predictions() != null && batch.predictionCounts() != null) {
            predictions = comparePredictions(reference.predictions(), batch.predictionCounts(), t);
        }

        Severity overall = Severity.NONE;
        boolean anyJudged = false;
        for (FeatureDrift f : features) {
            overall = overall.max(f.severity());
            anyJudged |= f.status() != DriftStatus.INSUFFICIENT_DATA;
        }
        if (predictions != null) {
            overall = overall.max(predictions.severity());
            anyJudged |= predictions.status() != DriftStatus.INSUFFICIENT_DATA;
        }
        String summary = summary(features, predictions, notInBatch, anyJudged, t);
        return new MonitoringReport(reference.modelRef(), features, predictions, overall, !anyJudged, notInBatch,
                summary, at);
    }

    private static FeatureDrift compareFeature(FeatureProfile ref, FeatureCounts batch, MonitoringThresholds t) {
        long[] r;
        long[] b;
        long outside;
        int unseenCategories = 0;
        if (ref.kind() == FeatureKind.NUMERIC) {
            // Cells: below the first edge, the reference's bins, above the last edge.
            int k = ref.binCount();
            r = new long[k + 2];
            b = new long[k + 2];
            for (int i = 0; i < k; i++) {
                r[i + 1] = ref.counts().get(i);
                b[i + 1] = batch.counts().get(i);
            }
            b[0] = batch.belowRange();
            b[k + 1] = batch.aboveRange();
            outside = b[0] + b[k + 1];
        } else {
            // Cells: the reference's categories in its order, then the batch's unseen ones.
            Map<String, Long> refCategories = ref.categories();
            Map<String, Long> batchCategories = batch.categories();
            int n = refCategories.size();
            for (String c : batchCategories.keySet()) {
                if (!refCategories.containsKey(c)) {
                    unseenCategories++;
                }
            }
            r = new long[n + unseenCategories];
            b = new long[n + unseenCategories];
            int i = 0;
            for (Map.Entry<String, Long> e : refCategories.entrySet()) {
                r[i] = e.getValue();
                b[i] = batchCategories.getOrDefault(e.getKey(), 0L);
                i++;
            }
            outside = 0;
            for (Map.Entry<String, Long> e : batchCategories.entrySet()) {
                if (!refCategories.containsKey(e.getKey())) {
                    b[i++] = e.getValue();
                    outside += e.getValue();
                }
            }
        }
        Comparison c = Comparison.of(r, b, t);
        String reason = c.reason();
        if (outside > 0) {
            reason += ref.kind() == FeatureKind.NUMERIC
                    ? "; " + outside + " values outside the reference's range [" + num(ref.edges().get(0)) + ", "
                            + num(ref.edges().get(ref.edges().size() - 1)) + "]"
                    : "; " + outside + " values in " + unseenCategories + " categor"
                            + (unseenCategories == 1 ? "y" : "ies") + " the reference lacks";
        }
        CountTests.Result tests = c.tests();
        return new FeatureDrift(ref.name(), ref.kind(), c.referenceCount(), c.batchCount(), batch.missing(),
                c.unseenCount(), unseenCategories, c.psi(), tests.chiSquare(), tests.degreesOfFreedom(),
                tests.chiSquarePValue(), tests.unseenPValue(), tests.pValue(), c.severity(), c.status(), reason);
    }

    private static PredictionDrift comparePredictions(PredictionHistogram ref, List<Long> batch,
            MonitoringThresholds t) {
        long[] r = new long[ref.counts().size()];
        long[] b = new long[r.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = ref.counts().get(i);
            b[i] = batch.get(i);
        }
        Comparison c = Comparison.of(r, b, t);
        CountTests.Result tests = c.tests();
        return new PredictionDrift(c.referenceCount(), c.batchCount(), c.unseenCount(), c.psi(), tests.chiSquare(),
                tests.degreesOfFreedom(), tests.chiSquarePValue(), tests.unseenPValue(), tests.pValue(), c.severity(),
                c.status(), c.reason());
    }

    /** PSI, tests and grade of one set of matching cells. */
    private record Comparison(long referenceCount, long batchCount, long unseenCount, Double psi,
            CountTests.Result tests, Severity severity, DriftStatus status, String reason) {

        static Comparison of(long[] reference, long[] batch, MonitoringThresholds t) {
            long referenceCount = 0;
            long batchCount = 0;
            long unseenCount = 0;
            for (int i = 0; i < reference.length; i++) {
                referenceCount += reference[i];
                batchCount += batch[i];
                if (reference[i] == 0) {
                    unseenCount += batch[i];
                }
            }
            if (batchCount == 0) {
                return new Comparison(referenceCount, 0, 0, null, new CountTests.Result(null, null, null, null, null),
                        Severity.NONE, DriftStatus.INSUFFICIENT_DATA,
                        "no usable values in the batch; at least " + t.minBatchSize() + " are needed");
            }
            double psi = Psi.of(reference, batch);
            CountTests.Result tests = CountTests.run(reference, batch);
            String numbers = numbers(psi, tests, t);
            if (batchCount < t.minBatchSize()) {
                return new Comparison(referenceCount, batchCount, unseenCount, psi, tests, Severity.NONE,
                        DriftStatus.INSUFFICIENT_DATA, "only " + batchCount + " usable values; at least "
                                + t.minBatchSize() + " are needed to judge drift (" + numbers
                                + ", for information only)");
            }
            Severity severity = DriftMonitor.severity(psi, tests.pValue(), t);
            return new Comparison(referenceCount, batchCount, unseenCount, psi, tests, severity,
                    DriftStatus.of(severity), numbers);
        }
    }

    /** See the class comment; {@code p} is null when no test could be run. */
    static Severity severity(double psi, Double p, MonitoringThresholds t) {
        boolean significant = p != null && p < t.alpha();
        boolean confirmed = p == null || significant;
        if (psi >= t.psiCritical() && confirmed) {
            return Severity.CRITICAL;
        }
        if (psi >= t.psiWarning() && confirmed) {
            return Severity.WARNING;
        }
        if (significant || psi >= t.psiWarning()) {
            return Severity.INFO;
        }
        return Severity.NONE;
    }

    private static String numbers(double psi, CountTests.Result r, MonitoringThresholds t) {
        StringBuilder s = new StringBuilder("PSI ").append(num(psi)).append(psi >= t.psiCritical()
                ? " >= " + num(t.psiCritical()) : psi >= t.psiWarning() ? " >= " + num(t.psiWarning())
                        : " < " + num(t.psiWarning()));
        if (r.chiSquare() != null) {
            s.append(", chi-square ").append(num(r.chiSquare())).append(" on ").append(r.degreesOfFreedom())
                    .append(" df p=").append(pValue(r.chiSquarePValue()));
        }
        if (r.unseenPValue() != null) {
            s.append(", values where the reference has none p=").append(pValue(r.unseenPValue()));
        }
        if (r.pValue() == null) {
            s.append(" (no test could be run: fewer than two cells with an expected count of at least 5; the "
                    + "PSI decides alone)");
        } else {
            boolean combined = r.chiSquarePValue() != null && r.unseenPValue() != null;
            s.append(combined ? ", combined p=" + pValue(r.pValue()) : "")
                    .append(r.pValue() < t.alpha() ? " < " : " >= ").append(num(t.alpha()));
        }
        return s.toString();
    }

    private static String summary(List<FeatureDrift> features, PredictionDrift predictions, List<String> notInBatch,
            boolean anyJudged, MonitoringThresholds t) {
        StringBuilder s = new StringBuilder();
        if (!anyJudged) {
            s.append("insufficient data: no feature").append(predictions == null ? "" : " or prediction")
                    .append(" had the ").append(t.minBatchSize()).append(" usable values needed to judge drift");
        } else {
            List<String> drifted = new ArrayList<>();
            List<String> shifted = new ArrayList<>();
            List<String> insufficient = new ArrayList<>();
            for (FeatureDrift f : features) {
                switch (f.status()) {
                    case DRIFTED -> drifted.add(f.feature() + " (" + f.severity() + ", PSI " + num(f.psi()) + ")");
                    case SHIFTED -> shifted.add(f.feature());
                    case INSUFFICIENT_DATA -> insufficient.add(f.feature());
                    case STABLE -> { }
                }
            }
            s.append(drifted.size()).append(" of ").append(features.size()).append(" features drifted");
            if (!drifted.isEmpty()) {
                s.append(": ").append(String.join(", ", drifted));
            }
            if (!shifted.isEmpty()) {
                s.append("; small or uncertain shifts in ").append(String.join(", ", shifted));
            }
            if (!insufficient.isEmpty()) {
                s.append("; too few values to judge ").append(String.join(", ", insufficient));
            }
            if (predictions != null) {
                s.append("; predictions ").append(predictions.status().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' '));
                if (predictions.psi() != null) {
                    s.append(" (").append(predictions.severity()).append(", PSI ").append(num(predictions.psi()))
                            .append(')');
                }
            }
        }
        if (!notInBatch.isEmpty()) {
            s.append("; not in the batch: ").append(String.join(", ", notInBatch));
        }
        return s.toString();
    }

    /** Three significant digits below 1, two decimals from 1; no trailing zeros. */
    static String num(double x) {
        if (!Double.isFinite(x)) {
            return String.valueOf(x);
        }
        BigDecimal d = BigDecimal.valueOf(x);
        d = Math.abs(x) >= 1 || x == 0 ? d.setScale(2, RoundingMode.HALF_UP) : d.round(new MathContext(3));
        return d.stripTrailingZeros().toPlainString();
    }

    /** A p-value: plain down to 0.001, scientific below (1.2e-09). */
    static String pValue(double p) {
        return p >= 0.001 || p == 0 ? num(p) : String.format(Locale.ROOT, "%.1e", p);
    }
}
