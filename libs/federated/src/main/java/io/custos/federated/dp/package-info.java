/**
 * Client-level differential privacy for federated averaging.
 *
 * <p>DP-FedAvg after McMahan, Ramage, Talwar and Zhang 2018, "Learning Differentially Private
 * Recurrent Language Models" (ICLR 2018), Algorithm 1: each round samples clients independently
 * with probability q ({@link io.custos.federated.dp.ClientSampling}), clips each client's whole
 * update to L2 norm S, averages with the fixed denominator qN and adds Gaussian noise of standard
 * deviation z S / (qN) per coordinate ({@link io.custos.federated.dp.DpFedAvgRound}). Adaptive
 * clipping follows Andrew, Thakkar, McMahan and Ramaswamy 2021, "Differentially Private Learning
 * with Adaptive Clipping" (NeurIPS 2021), Algorithm 1 and Theorem 1
 * ({@link io.custos.federated.dp.AdaptiveClipping}). Privacy is accounted per client, not per
 * example, by the RDP of the sampled Gaussian mechanism
 * ({@link io.custos.federated.dp.ClientLevelAccountant}), reusing libs/ml's accountant.
 */
package io.custos.federated.dp;
