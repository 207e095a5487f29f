package io.custos.cli;

import io.custos.federated.client.ClientInfo;
import io.custos.federated.client.FederationInfo;
import io.custos.federated.client.FederationParticipant;
import io.custos.federated.client.LocalPrivacyAccount;
import io.custos.federated.client.LocalUpdate;
import io.custos.federated.client.ParticipantState;
import io.custos.federated.client.RoundInfo;
import io.custos.federated.client.SubmissionResult;
import io.custos.ml.accountant.EpsilonResult;
import java.io.PrintWriter;
import java.util.Locale;

/** One line per event of {@code custos fl join}, for the site's operator. */
final class FlProgressPrinter implements FederationParticipant.Listener {

    private final PrintWriter out;
    private final PrintWriter err;

    FlProgressPrinter(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void joined(FederationInfo federation, ClientInfo me, int localRows) {
        println("joined federation " + federation.label() + " as client " + me.id()
                + (me.clientName() == null ? "" : " (" + me.clientName() + ")") + ": " + localRows + " local rows, "
                + federation.rounds() + " rounds, status " + federation.status());
    }

    @Override
    public void waitingToStart(FederationInfo federation) {
        println("federation " + federation.label() + " has not started yet; waiting");
    }

    @Override
    public void notSampled(FederationInfo federation, RoundInfo round) {
        println(prefix(federation, round) + "not sampled, skipped");
    }

    @Override
    public void updateSent(FederationInfo federation, RoundInfo round, LocalUpdate update, SubmissionResult result) {
        String trained = prefix(federation, round) + "trained on " + update.samples() + " rows (local loss "
                + fmt(update.globalLoss()) + " -> " + fmt(update.localLoss()) + ")";
        String what = switch (result) {
            case ACCEPTED -> ", update submitted";
            case ALREADY_ACCEPTED -> ", update already accepted (an earlier attempt arrived)";
            case NOT_SAMPLED -> ", but the server did not sample this client: update not used";
            case LATE -> ", but the round had closed: update not used";
        };
        println(trained + what + localEpsilon(update.localEpsilon(), update.roundsAccounted()));
    }

    @Override
    public void resumed(ParticipantState state, LocalPrivacyAccount account) {
        int answered = state.answeredRounds().size();
        println("resuming: " + answered + (answered == 1 ? " round" : " rounds") + " answered"
                + (account == null ? "" : localEpsilon(account.epsilon(), account.rounds()).replaceFirst("^; ", ", ")));
    }

    @Override
    public void updateResent(FederationInfo federation, RoundInfo round, SubmissionResult result) {
        String what = switch (result) {
            case ACCEPTED -> "update submitted";
            case ALREADY_ACCEPTED -> "update already accepted (it arrived before the restart)";
            case NOT_SAMPLED -> "the server did not sample this client: update not used";
            case LATE -> "the round had closed: update not used";
        };
        println(prefix(federation, round) + "resent the update stored before the restart (not retrained), " + what);
    }

    @Override
    public void roundClosed(FederationInfo federation, RoundInfo round) {
        if (RoundInfo.COMPLETED.equals(round.status())) {
            println(prefix(federation, round) + "completed, global model sha256 " + abbreviate(round.resultSha256())
                    + (round.epsilon() == null ? "" : ", client-level epsilon " + fmt(round.epsilon())));
        } else {
            println(prefix(federation, round) + "failed: "
                    + (round.failureReason() == null ? "no reason given" : round.failureReason()));
        }
    }

    @Override
    public void warning(String message) {
        err.println("warning: " + message);
        err.flush();
    }

    /** The last line; returns the exit code. */
    int finished(FederationParticipant.Outcome outcome) {
        FederationInfo f = outcome.federation();
        if (!outcome.completed()) {
            err.println("federation " + f.label() + " failed: " + outcome.failureReason());
            err.flush();
            return CustosCli.FAILURE;
        }
        RoundInfo last = outcome.lastRound();
        println("federation " + f.label() + " completed: " + f.rounds() + " rounds, this site contributed to "
                + outcome.roundsContributed() + "; final global model sha256 "
                + (last == null || last.resultSha256() == null ? "(not stated)" : last.resultSha256())
                + localEpsilon(outcome.localEpsilon(), -1));
        return CustosCli.OK;
    }

    private static String prefix(FederationInfo federation, RoundInfo round) {
        return "round " + round.number() + "/" + federation.rounds() + ": ";
    }

    private static String localEpsilon(EpsilonResult e, int rounds) {
        if (e == null) {
            return "";
        }
        return "; local epsilon " + fmt(e.epsilon()) + " (delta " + e.delta() + ")"
                + (rounds > 0 ? " over " + rounds + (rounds == 1 ? " round" : " rounds") : "");
    }

    private static String abbreviate(String sha) {
        return sha == null ? "(not stated)" : sha.length() > 16 ? sha.substring(0, 16) + "..." : sha;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }
}
