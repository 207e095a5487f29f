package io.custos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.custos.federated.client.ClientInfo;
import io.custos.federated.client.FederationInfo;
import io.custos.federated.client.FederationParticipant;
import io.custos.federated.client.LocalUpdate;
import io.custos.federated.client.RoundInfo;
import io.custos.federated.client.SubmissionResult;
import io.custos.ml.accountant.Conversion;
import io.custos.ml.accountant.EpsilonResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines {@code custos fl join} prints. */
class FlProgressPrinterTest {

    static final FederationInfo FED = new FederationInfo("f-1", "adult-sites", "RUNNING", "logistic", 10, 2, 0.5, 16.0,
            "income", "large", List.of("age"), null);
    static final RoundInfo ROUND_3 = new RoundInfo("r-3", 3, "WAITING", null, null, "ab".repeat(32), null, null, null);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final FlProgressPrinter printer = new FlProgressPrinter(new PrintWriter(out), new PrintWriter(err));

    private static LocalUpdate update(EpsilonResult epsilon, int rounds) {
        return new LocalUpdate(new double[3], 412, 52, 0.04, 0.6931, 0.4123, epsilon, rounds);
    }

    @Test
    void oneLinePerEvent() {
        printer.joined(FED, new ClientInfo("c-1", "ward-7"), 412);
        printer.updateSent(FED, ROUND_3, update(null, 0), SubmissionResult.ACCEPTED);
        printer.updateSent(FED, ROUND_3, update(new EpsilonResult(1.23456, 1e-5, 12, Conversion.IMPROVED, false), 3),
                SubmissionResult.ACCEPTED);
        printer.updateSent(FED, ROUND_3, update(null, 0), SubmissionResult.LATE);
        printer.notSampled(FED, new RoundInfo("r-4", 4, "WAITING", null, List.of("c-2"), null, null, null, null));
        printer.roundClosed(FED, new RoundInfo("r-3", 3, "COMPLETED", null, null, null, "cd".repeat(32), 0.9, null));
        printer.roundClosed(FED, new RoundInfo("r-5", 5, "FAILED", null, null, null, null, null, "only 1 of 2 updates"));

        assertEquals(List.of(
                "joined federation adult-sites (f-1) as client c-1 (ward-7): 412 local rows, 10 rounds, status RUNNING",
                "round 3/10: trained on 412 rows (local loss 0.6931 -> 0.4123), update submitted",
                "round 3/10: trained on 412 rows (local loss 0.6931 -> 0.4123), update submitted; local epsilon 1.235"
                        + " (delta 1.0E-5) over 3 rounds",
                "round 3/10: trained on 412 rows (local loss 0.6931 -> 0.4123), but the round had closed: update not used",
                "round 4/10: not sampled, skipped",
                "round 3/10: completed, global model sha256 cdcdcdcdcdcdcdcd..., client-level epsilon 0.9000",
                "round 5/10: failed: only 1 of 2 updates"), out.toString().lines().toList());
    }

    @Test
    void resumingAndResending(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path file = tmp.resolve("f-1.json");
        java.nio.file.Files.writeString(file, """
                {"format":"custos-fl-site-state/v1","federationId":"f-1","clientId":"c-1",
                 "answeredRounds":["r-1","r-2","r-3"]}
                """);
        io.custos.federated.client.ParticipantState state = io.custos.federated.client.ParticipantState.open(file,
                "f-1", 1e-5);
        io.custos.federated.client.LocalPrivacyAccount account = new io.custos.federated.client.LocalPrivacyAccount(
                1e-5);
        for (int r = 0; r < 3; r++) {
            account.charge(0.04, 1.1, 25);
        }
        printer.resumed(state, account);
        printer.resumed(state, null);
        printer.updateResent(FED, ROUND_3, SubmissionResult.ALREADY_ACCEPTED);
        assertEquals(List.of(
                "resuming: 3 rounds answered, local epsilon " + String.format(java.util.Locale.ROOT, "%.4g",
                        account.epsilon().epsilon()) + " (delta 1.0E-5) over 3 rounds",
                "resuming: 3 rounds answered",
                "round 3/10: resent the update stored before the restart (not retrained), update already accepted"
                        + " (it arrived before the restart)"), out.toString().lines().toList());
    }

    @Test
    void theLastLineAndTheExitCode() {
        RoundInfo last = new RoundInfo("r-10", 10, "COMPLETED", null, null, null, "ef".repeat(32), null, null);
        assertEquals(0, printer.finished(new FederationParticipant.Outcome(true, FED, last, 9, null, null)));
        assertEquals("federation adult-sites (f-1) completed: 10 rounds, this site contributed to 9; final global"
                + " model sha256 " + "ef".repeat(32), out.toString().strip());

        assertEquals(1, printer.finished(new FederationParticipant.Outcome(false, FED, last, 2, null,
                "only 1 valid update, 2 needed")));
        assertEquals("federation adult-sites (f-1) failed: only 1 valid update, 2 needed", err.toString().strip());
    }
}
