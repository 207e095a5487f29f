package io.custos.federation.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.custos.federated.secagg.SecAggMessages.AdvertisedKeys;
import io.custos.federated.secagg.SecAggSubmission;
import io.custos.federation.domain.Federation;
import io.custos.federation.domain.FederationRound;
import io.custos.federation.domain.SecAggShare;
import io.custos.federation.service.ClientBinding;
import io.custos.federation.service.FederationService;
import io.custos.federation.service.RoundViews;
import io.custos.federation.service.SecureAggregation;
import io.custos.federation.service.UpdateService;
import io.custos.service.problem.ProblemException;
import io.custos.service.security.Caller;
import io.custos.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Secure aggregation of a round over REST (docs/federated-learning.md, "Secure aggregation"). Clients
 * post signed {@link SecAggSubmission}s for the four phases and read what the server relays: the key
 * list, their inbox of encrypted shares, and the unmasking request.
 */
@Path("/api/federated/rounds/{roundId}/secagg")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "secure aggregation", description = "Pairwise-masked secure aggregation of a round's updates")
public class SecAggResource {


    /**
     * The round's secure-aggregation parameters and progress; {@code secaggId} is the caller's, if invited.
     * {@code clippingBit} (true, or absent) says the masked vector ends with the client's clipping bit
     * 1[||update|| <= l2ClipNorm] (adaptive clipping); {@code vectorLength} then counts it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecAggRoundView(String roundId, String federationId, int round, String status, String phase,
            OffsetDateTime phaseDeadline, int threshold, int vectorLength, double clipBound, double scale,
            int maxClients, Double l2ClipNorm, Boolean clippingBit, Integer secaggId, int participants, long keys, long shares,
            long maskedInputs, long unmaskingResponses, String failureReason) {
    }

    public record KeyView(int secaggId, String encryptionPublicKey, String maskingPublicKey) {
    }

    public record KeyList(String roundId, List<KeyView> keys) {
    }

    public record ShareView(int from, int to, String nonce, String ciphertext) {
    }

    public record Inbox(String roundId, int secaggId, List<ShareView> shares) {
    }

    public record UnmaskingRequestView(String roundId, SortedSet<Integer> survivors, SortedSet<Integer> dropped) {
    }

    @Inject
    RoundViews views;

    @Inject
    FederationService federations;

    @Inject
    SecureAggregation secureAggregation;

    @Inject
    UpdateService updates;

    @Inject
    ClientBinding binding;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ML_ENGINEER, Roles.AUDITOR, Roles.FL_CLIENT})
    @Operation(summary = "The round's secure-aggregation parameters, phase, phase deadline and progress")
    @Transactional
    public SecAggRoundView status(@PathParam("roundId") String roundId) {
        FederationRound r = visibleRound(roundId);
        if (!r.secure()) {
            throw ProblemException.notFound("secure aggregation of round", roundId);
        }
        Federation f = Federation.findById(r.federationId);
        Integer me = binding.bound().filter(b -> b.federationId().equals(r.federationId))
                .map(b -> secureAggregation.secaggId(r, b.clientId())).filter(i -> i > 0).orElse(null);
        List<Long> counts = secureAggregation.counts(r);
        return new SecAggRoundView(r.id.toString(), r.federationId.toString(), r.number, r.status, r.secaggPhase,
                r.waiting() ? r.secaggPhaseDeadline : null, r.secaggThreshold, secureAggregation.vectorLength(f),
                r.secaggClipBound, r.secaggScale, r.secaggMaxClients, r.secaggL2Clip,
                secureAggregation.clippingBit(f) ? Boolean.TRUE : null, me, r.expectedClients,
                counts.get(0), counts.get(1), counts.get(2), counts.get(3), r.failureReason);
    }

    @POST
    @Path("/keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FL_CLIENT)
    @Operation(summary = "Phase 0: this client's two X25519 public keys, signed")
    public Response postKeys(@PathParam("roundId") String roundId, String body) {
        return submit(roundId, SecAggSubmission.KEYS, body);
    }

    @GET
    @Path("/keys")
    @RolesAllowed(Roles.FL_CLIENT)
    @Operation(summary = "The key list (U1), once phase 0 closed")
    @Transactional
    public KeyList keys(@PathParam("roundId") String roundId) {
        FederationRound r = visibleRound(roundId);
        secureAggregation.requireMember(r, binding.require());
        secureAggregation.requireClosed(r, "ADVERTISE_KEYS");
        Base64.Encoder b64 = Base64.getEncoder();
        List<KeyView> keys = secureAggregation.keys(r).stream().map((AdvertisedKeys k) -> new KeyView(k.clientId(),
                b64.encodeToString(k.encryptionPublicKey()), b64.encodeToString(k.maskingPublicKey()))).toList();
        return new KeyList(r.id.toString(), keys);
    }

    @POST
    @Path("/shares")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FL_CLIENT)
    @Operation(summary = "Phase 1: this client's encrypted shares, one per other member of U1, signed")
    public Response postShares(@PathParam("roundId") String roundId, String body) {
        return submit(roundId, SecAggSubmission.SHARES, body);
    }

    @GET
    @Path("/inbox")
    @RolesAllowed(Roles.FL_CLIENT)
    @Operation(summary = "The encrypted shares addressed to this client, once phase 1 closed")
    @Transactional
    public Inbox inbox(@PathParam("roundId") String roundId) {
        FederationRound r = visibleRound(roundId);
        int me = secureAggregation.requireMember(r, binding.require());
        secureAggregation.requireClosed(r, "SHARE_KEYS");
        Base64.Encoder b64 = Base64.getEncoder();
        List<ShareView> shares = secureAggregation.inbox(r, me).stream().map((SecAggShare s) -> new ShareView(
                s.fromId, s.toId, b64.encodeToString(s.nonce), b64.encodeToString(s.ciphertext))).toList();
        return new Inbox(r.id.toString(), me, shares);
    }

    @POST
    @Path("/masked-input")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FL_CLIENT)
    @Operation(summary = "Phase 2: this client's masked update, signed")
    public Response postMaskedInput(@PathParam("roundId") String roundId, String body) {
        return submit(roundId, SecAggSubmission.MASKED_INPUT, body);
    }

    @GET
    @Path("/unmasking")
    @RolesAllowed(Roles.FL_CLIENT)
    @Operation(summary = "The unmasking request (survivors U3, dropped U2 minus U3), once phase 2 closed")
    @Transactional
    public UnmaskingRequestView unmaskingRequest(@PathParam("roundId") String roundId) {
        FederationRound r = visibleRound(roundId);
        int me = secureAggregation.requireMember(r, binding.require());
        secureAggregation.requireClosed(r, "MASKED_INPUT");
        List<SortedSet<Integer>> sets = secureAggregation.unmaskingRequest(r, me);
        return new UnmaskingRequestView(r.id.toString(), sets.get(0), sets.get(1));
    }

    @POST
    @Path("/unmasking")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FL_CLIENT)
    @Operation(summary = "Phase 3: this client's shares for unmasking, signed")
    public Response postUnmasking(@PathParam("roundId") String roundId, String body) {
        return submit(roundId, SecAggSubmission.UNMASKING, body);
    }

    private Response submit(String roundId, String phase, String body) {
        ClientBinding.Bound client = binding.require();
        SignedMessages.Parsed<SecAggSubmission> parsed = SignedMessages.read(body, SecAggSubmission.class, "a",
                "secure-aggregation message");
        SecureAggregation.Accepted accepted = updates.submitSecAgg(roundId, caller.tenant(), caller.subject(), client,
                phase, parsed.value(), parsed.error());
        return Response.accepted(Map.of("roundId", accepted.round().id.toString(), "round", accepted.round().number,
                "phase", phase, "secaggId", accepted.message().secaggId, "payloadSha256",
                accepted.message().payloadSha256)).build();
    }

    private FederationRound visibleRound(String roundId) {
        FederationRound r = views.round(roundId, caller.tenant());
        binding.checkCanSee(r.federationId, "round", roundId);
        return r;
    }
}
