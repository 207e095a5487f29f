package io.custos.federated.client;

import io.custos.ml.accountant.EpsilonResult;

/**
 * The result of one round of local training.
 *
 * @param delta          local parameters minus global parameters: what is sent
 * @param samples        local rows trained on (the sample count claimed)
 * @param steps          DP-SGD steps taken
 * @param samplingRate   Poisson sampling rate q
 * @param globalLoss     mean loss of the global model on the local rows (stays at the site)
 * @param localLoss      mean loss of the locally trained model on the local rows (stays at the site)
 * @param localEpsilon   with local DP, the site's example-level epsilon over every round charged so
 *                       far (this one included); null without local DP
 * @param roundsAccounted rounds composed into {@code localEpsilon} (0 without local DP)
 */
public record LocalUpdate(double[] delta, long samples, long steps, double samplingRate, double globalLoss,
        double localLoss, EpsilonResult localEpsilon, int roundsAccounted) {
}
