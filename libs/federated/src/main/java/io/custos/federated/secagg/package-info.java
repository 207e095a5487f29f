/**
 * Secure aggregation by pairwise masking with dropout recovery, after Bonawitz et al.,
 * "Practical Secure Aggregation for Privacy-Preserving Machine Learning", CCS 2017 (SecAgg).
 * The server learns the sum of the clients' updates and nothing else about any one update.
 *
 * <h2>Building blocks</h2>
 * <ul>
 *   <li>{@link io.custos.federated.secagg.FixedPoint}: updates as integers mod 2<sup>64</sup>
 *       with a scale and clip bound chosen so sums cannot wrap.</li>
 *   <li>{@link io.custos.federated.secagg.PairwiseKeys}: X25519 agreement, HKDF-SHA256 bound
 *       to purpose, round id and ordered client pair.</li>
 *   <li>{@link io.custos.federated.secagg.MaskPrg}: AES-256-CTR expansion of a seed into a
 *       mask.</li>
 *   <li>{@link io.custos.federated.secagg.Shamir}: t-of-n sharing over GF(2<sup>521</sup>-1).</li>
 *   <li>{@link io.custos.federated.secagg.ShareCipher}: AES-256-GCM for shares in transit,
 *       round id in the associated data.</li>
 *   <li>{@link io.custos.federated.secagg.SecAggClient} /
 *       {@link io.custos.federated.secagg.SecAggServer}: the protocol, transport-agnostic;
 *       messages are in {@link io.custos.federated.secagg.SecAggMessages}.</li>
 * </ul>
 *
 * <h2>Protocol (honest-but-curious variant of the paper)</h2>
 * <ol start="0">
 *   <li><b>Advertise keys.</b> Each client u makes two fresh X25519 key pairs for the round:
 *       {@code (c_u)} for encrypting shares and {@code (s_u)} for mask seeds. Two pairs, as in
 *       the paper, because the server will reconstruct {@code s_u} of a dropped client; if the
 *       same key also protected shares, that reconstruction would let the server decrypt every
 *       share sent to or from u. The server broadcasts all keys (U1).</li>
 *   <li><b>Share keys.</b> u draws a self-mask seed {@code b_u}, splits {@code b_u} and the
 *       private key {@code s_u} into t-of-|U1| Shamir shares (x = recipient id) and sends each
 *       peer its pair of shares, encrypted under {@code HKDF(X25519(c_u, c_v))}. U2 = clients
 *       whose shares arrived.</li>
 *   <li><b>Masked input.</b> u sends {@code y_u = x_u + PRG(b_u) + sum_{v in U2\{u}} ±PRG(s_uv)}
 *       mod 2<sup>64</sup>, with {@code +} when {@code u < v} and {@code -} when {@code u > v},
 *       {@code s_uv = HKDF(X25519(s_u, s_v))}. Pairwise masks cancel in the sum of all of U2;
 *       U3 = clients whose {@code y} arrived.</li>
 *   <li><b>Unmasking.</b> The server sends (U3, U2 \ U3). Each survivor reveals its share of
 *       {@code b_u} for each u in U3 and its share of {@code s_v} for each v in U2 \ U3, never
 *       both for one client, and only once. With t responses the server removes the self-masks
 *       of U3 and the pairwise masks between U3 and the dropped clients, and obtains
 *       {@code sum_{u in U3} x_u} exactly (mod 2<sup>64</sup>).</li>
 * </ol>
 * A client dropping at any point is tolerated while at least t clients remain; with fewer,
 * client and server abort with the reason. A client whose masked input arrives after phase 2
 * closed is treated as dropped: its pairwise masks are recovered through {@code s_v}, but its
 * self-mask {@code b_v} is never reconstructed, so its late {@code y_v} stays hidden (this is
 * why the paper's double masking is needed).
 *
 * <h2>What the server learns</h2>
 * The sum over U3 of the clients' encoded (clipped, rounded) updates, and the membership of
 * U1, U2, U3 and U4 — who took part and who dropped when. Nothing about an individual update:
 * every {@code y_u} it sees is the update plus a pseudorandom mask. The sum itself can still
 * reveal information (e.g. with few clients); combine with client-level differential privacy
 * ({@code io.custos.federated.dp}) for that.
 *
 * <h2>Threat model</h2>
 * Honest-but-curious server, possibly colluding with fewer than t clients: it follows the
 * protocol but tries to learn individual updates from what it sees; privacy holds against it.
 * Clients defend themselves where it is cheap: they answer a single unmasking request, refuse
 * one naming a client as both survivor and dropped, refuse to continue below t clients, check
 * their own keys are broadcast unchanged, and the server checks every reconstructed
 * masking key against its advertised public key. <b>Out of scope</b> (the paper's malicious
 * variant): a server that sends different survivor sets to different clients (needs the
 * consistency-check round with signatures over U3 and a PKI; choose {@code t > n/2} to
 * limit it), a server impersonating clients in the key list (needs signed keys), and clients
 * submitting malicious inputs (needs input validation such as norm bounds or zero-knowledge
 * proofs). Transport authentication and confidentiality (TLS) are assumed.
 *
 * <h2>Costs</h2>
 * With n clients and d coordinates: per client, 2(n-1) X25519 agreements + HKDFs, two Shamir
 * splits into n shares (O(n t) field operations), n-1 AES-GCM encryptions, and n PRG expansions
 * of length d (O(n d) AES blocks/2); communication O(n + d) words. Server: O(n^2) relayed
 * shares, O(n d) additions, Shamir reconstruction of n secrets from t shares (O(n t^2)), and,
 * per dropped client, |U3| X25519 agreements and PRG expansions, i.e. O(|dropped| n d) in the
 * worst case — the dominant cost when many clients drop.
 */
package io.custos.federated.secagg;
