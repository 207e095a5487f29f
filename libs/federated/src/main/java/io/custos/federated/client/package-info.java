/**
 * The site side of federated learning: what a hospital or branch runs next to its own data.
 *
 * <ul>
 *   <li>{@link io.custos.federated.client.LocalDataset}: the site's CSV encoded with the global
 *       model's own preprocessing, features matched by name.</li>
 *   <li>{@link io.custos.federated.client.LocalTrainer}: DP-SGD from the global parameters (the
 *       same code as central training); returns the update (local - global) and, with local DP,
 *       the site's example-level epsilon so far ({@link io.custos.federated.client.LocalPrivacyAccount}).</li>
 *   <li>{@link io.custos.federated.client.FederatedClient}: the REST protocol of
 *       {@code docs/federated-learning.md} (API key exchange, round models checked against their
 *       SHA-256, signed update submission, retries with backoff).</li>
 *   <li>{@link io.custos.federated.client.FederationParticipant}: the loop a site runs until its
 *       federation completes or fails ({@code custos fl join}).</li>
 * </ul>
 * Plain Java: java.net.http and Jackson, no framework.
 */
package io.custos.federated.client;
