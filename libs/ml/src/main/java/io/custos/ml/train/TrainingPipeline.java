package io.custos.ml.train;

import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.RdpAccountant;
import io.custos.ml.data.BinaryTarget;
import io.custos.ml.data.ColumnDeclaration;
import io.custos.ml.data.DataException;
import io.custos.ml.data.Table;
import io.custos.ml.model.Model;
import io.custos.ml.noise.RandomSource;
import java.util.ArrayList;
import java.util.List;

/**
 * One training run end to end: preprocessing from declared or privately estimated statistics,
 * a held-out split, DP-SGD, private evaluation after every epoch, and the composed account of
 * every mechanism. The reported epsilon covers the whole pipeline.
 *
 * <p>Budget split: the auxiliary Gaussian mechanisms (estimated bounds and vocabularies,
 * evaluation histograms) share 10% of the run's zCDP budget, the thresholds of privately
 * discovered vocabularies 10% of delta; DP-SGD's noise is then the smallest that keeps the
 * composed RDP curve within the target.
 *
 * <p>Treated as public: the column names and kinds (schema), the number of rows (it fixes the
 * sampling rate, as in every DP-SGD library), and what the user declares.
 */
public final class TrainingPipeline {

    static final double AUX_BUDGET_SHARE = 0.10;
    static final double THRESHOLD_DELTA_SHARE = 0.10;

    private TrainingPipeline() {
    }

    public static TrainingResult run(Table table, TrainingRequest request, RandomSource random) {
        int targetIndex = table.columnIndex(request.target());
        List<String> featureNames = request.features().isEmpty()
                ? table.header().stream().filter(h -> !h.equals(request.target())).toList()
                : request.features();
        if (featureNames.contains(request.target())) {
            throw new DataException("the target '" + request.target() + "' cannot also be a feature");
        }
        if (table.size() < 10) {
            throw new DataException("at least 10 rows are needed to train, the file has " + table.size());
        }
        int[] labels = labels(table, targetIndex, request.positiveClass());
        boolean priv = request.sgd().privateTraining();

        List<ColumnDeclaration> kinds = new ArrayList<>();
        int undeclaredNumeric = 0;
        int undeclaredCategorical = 0;
        for (String name : featureNames) {
            int idx = table.columnIndex(name);
            ColumnDeclaration d = request.declarations().get(name);
            ColumnDeclaration.Kind kind = d != null ? d.kind() : inferKind(table, idx);
            kinds.add(new ColumnDeclaration(name, kind, d == null ? null : d.lower(), d == null ? null : d.upper(),
                    d == null ? null : d.categories()));
            if (kind == ColumnDeclaration.Kind.NUMERIC && (d == null || !d.boundsDeclared())) {
                undeclaredNumeric++;
            }
            if (kind == ColumnDeclaration.Kind.CATEGORICAL && (d == null || !d.categoriesDeclared())) {
                undeclaredCategorical++;
            }
        }

        // --- budget -------------------------------------------------------------------------------
        int n = table.size();
        int testSize = (int) Math.round(n * request.testFraction());
        int trainSize = n - testSize;
        SgdOptions sgd = request.sgd();
        long steps = sgd.steps(trainSize);
        long stepsPerEpoch = Math.max(1, Math.round(1 / sgd.samplingRate(trainSize)));
        int evaluations = (int) ((steps + stepsPerEpoch - 1) / stepsPerEpoch);
        double thresholdDeltaEach = 0;
        double deltaRdp = request.delta();
        double auxSigma = 0;
        if (priv) {
            if (undeclaredCategorical > 0) {
                thresholdDeltaEach = THRESHOLD_DELTA_SHARE * request.delta() / undeclaredCategorical;
                deltaRdp = request.delta() * (1 - THRESHOLD_DELTA_SHARE);
            }
            double l = Math.log(1 / deltaRdp);
            double rho = Math.pow(Math.sqrt(request.epsilon() + l) - Math.sqrt(l), 2);
            int auxMechanisms = undeclaredNumeric + undeclaredCategorical + evaluations;
            auxSigma = Math.sqrt(auxMechanisms / (2 * AUX_BUDGET_SHARE * rho));
        }
        List<PrivacyAccounting.Mechanism> mechanisms = new ArrayList<>();

        // --- preprocessing ------------------------------------------------------------------------
        List<FeatureEncoder.Column> columns = new ArrayList<>();
        for (ColumnDeclaration k : kinds) {
            int idx = table.columnIndex(k.name());
            if (k.kind() == ColumnDeclaration.Kind.NUMERIC) {
                double lo;
                double hi;
                if (k.boundsDeclared()) {
                    lo = k.lower();
                    hi = k.upper();
                } else if (priv) {
                    double[] b = PrivateStatistics.bounds(k.name(), column(table, idx), auxSigma, 4 * auxSigma, random);
                    lo = b[0];
                    hi = b[1];
                    mechanisms.add(new PrivacyAccounting.Mechanism("gaussian-histogram", "bounds of " + k.name(),
                            auxSigma, null));
                } else {
                    double[] b = exactBounds(k.name(), column(table, idx));
                    lo = b[0];
                    hi = b[1];
                }
                columns.add(new FeatureEncoder.Column(k.name(), idx, k.kind(), lo, hi, null));
            } else {
                List<String> cats;
                if (k.categoriesDeclared()) {
                    cats = k.categories();
                } else if (priv) {
                    double threshold = PrivateStatistics.thresholdFor(auxSigma, thresholdDeltaEach);
                    cats = PrivateStatistics.categories(k.name(), column(table, idx), auxSigma, threshold, random);
                    mechanisms.add(new PrivacyAccounting.Mechanism("gaussian-threshold", "categories of " + k.name(),
                            auxSigma, thresholdDeltaEach));
                } else {
                    cats = column(table, idx).stream().map(String::strip).filter(s -> !s.isEmpty()).distinct()
                            .sorted().toList();
                }
                columns.add(new FeatureEncoder.Column(k.name(), idx, k.kind(), 0, 1, cats));
            }
        }
        FeatureEncoder encoder = new FeatureEncoder(columns);

        // --- split ---------------------------------------------------------------------------------
        int[] order = shuffled(n, random);
        double[][] xTrain = new double[trainSize][];
        int[] yTrain = new int[trainSize];
        double[][] xTest = new double[testSize][];
        int[] yTest = new int[testSize];
        for (int i = 0; i < n; i++) {
            String[] row = table.rows().get(order[i]);
            if (i < trainSize) {
                xTrain[i] = encoder.encode(row);
                yTrain[i] = labels[order[i]];
            } else {
                xTest[i - trainSize] = encoder.encode(row);
                yTest[i - trainSize] = labels[order[i]];
            }
        }

        // --- noise for DP-SGD -------------------------------------------------------------------
        double[] fixedRdp = new double[RdpAccountant.DEFAULT_ORDERS.length];
        if (priv) {
            int gaussians = mechanisms.size() + evaluations;
            double[] one = RdpAccountant.gaussian(auxSigma, RdpAccountant.DEFAULT_ORDERS);
            for (int i = 0; i < fixedRdp.length; i++) {
                fixedRdp[i] = gaussians * one[i];
            }
            double q = sgd.samplingRate(trainSize);
            double sigma = RdpAccountant.noiseMultiplier(request.epsilon(), deltaRdp, q, steps, fixedRdp,
                    Conversion.IMPROVED);
            sgd = sgd.withNoiseMultiplier(sigma);
        }

        // --- train and evaluate ---------------------------------------------------------------------
        Model model = Model.create(request.modelType(), encoder.dimension(), request.hiddenUnits());
        List<Evaluation.Metrics> curve = new ArrayList<>();
        final double evalSigma = auxSigma;
        final boolean isPrivate = priv;
        DpSgdTrainer.Result r = DpSgdTrainer.train(model, xTrain, yTrain, sgd, random, (epoch, params) -> curve.add(
                isPrivate ? Evaluation.noisy(model, params, xTest, yTest, evalSigma, random)
                        : Evaluation.exact(model, params, xTest, yTest)));
        Evaluation.Metrics finalMetrics = curve.get(curve.size() - 1);

        if (curve.size() != evaluations) { // the noise was calibrated for exactly this many evaluations
            throw new IllegalStateException("evaluated " + curve.size() + " times, budgeted " + evaluations);
        }
        PrivacyAccounting accounting = null;
        if (priv) {
            for (int e = 1; e <= curve.size(); e++) {
                mechanisms.add(new PrivacyAccounting.Mechanism("gaussian-histogram", "evaluation after epoch " + e,
                        auxSigma, null));
            }
            mechanisms.add(0, new PrivacyAccounting.Mechanism("dp-sgd", "training (" + r.steps() + " steps, q="
                    + r.samplingRate() + ", C=" + r.clipNorm() + ")", r.noiseMultiplier(), null));
            // The auxiliary Gaussians are exactly those the noise was calibrated against (checked above).
            double[] total = RdpAccountant.poissonSubsampledGaussian(r.samplingRate(), r.noiseMultiplier(), r.steps(),
                    RdpAccountant.DEFAULT_ORDERS);
            for (int i = 0; i < total.length; i++) {
                total[i] += fixedRdp[i];
            }
            accounting = PrivacyAccounting.of(total, deltaRdp, thresholdDeltaEach * undeclaredCategorical,
                    r.noiseMultiplier(), r.samplingRate(), r.steps(), r.clipNorm(), mechanisms);
        }
        return new TrainingResult(model, r.parameters(), encoder, finalMetrics, List.copyOf(curve), accounting,
                random.describe(), !random.secure());
    }

    private static int[] labels(Table table, int targetIndex, String positiveClass) {
        int[] y = new int[table.size()];
        boolean anyPositive = false;
        for (int i = 0; i < y.length; i++) {
            Integer label = BinaryTarget.label(table.rows().get(i)[targetIndex], positiveClass);
            if (label != null) {
                y[i] = label;
            } else {
                throw new DataException("target '" + table.header().get(targetIndex) + "' is not numeric 0/1 (line "
                        + (i + 2) + "); declare the positive class for a categorical target");
            }
            anyPositive |= y[i] == 1;
        }
        if (!anyPositive && positiveClass != null) {
            throw new DataException("no row of target '" + table.header().get(targetIndex) + "' has the positive class '"
                    + positiveClass + "'");
        }
        return y;
    }

    private static ColumnDeclaration.Kind inferKind(Table table, int idx) {
        for (String[] row : table.rows()) {
            String v = row[idx].strip();
            if (v.isEmpty()) {
                continue;
            }
            try {
                Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return ColumnDeclaration.Kind.CATEGORICAL;
            }
        }
        return ColumnDeclaration.Kind.NUMERIC;
    }

    private static List<String> column(Table table, int idx) {
        List<String> values = new ArrayList<>(table.size());
        for (String[] row : table.rows()) {
            values.add(row[idx]);
        }
        return values;
    }

    private static double[] exactBounds(String name, List<String> values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (String s : values) {
            try {
                double v = Double.parseDouble(s.strip());
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            } catch (NumberFormatException e) {
                // missing
            }
        }
        if (!(lo < hi)) {
            if (lo == hi) {
                return new double[] {lo, lo + 1};
            }
            throw new DataException("column '" + name + "' has no numeric value");
        }
        return new double[] {lo, hi};
    }

    private static int[] shuffled(int n, RandomSource random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) Math.floor(random.nextUniform() * (i + 1));
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
