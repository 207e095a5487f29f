package io.custos.packaging;

import io.custos.events.CloudEventCodec;
import io.custos.events.EventEnvelope;
import io.custos.events.EventTypes;
import io.custos.events.PrivacySpent;
import io.custos.events.TrainingCompleted;
import io.custos.testsupport.TestKeys;
import java.util.List;
import java.util.Map;

/** Finished training jobs as packaging sees them: an event, and the artifact served where it points. */
final class Trainings {

    private Trainings() {
    }

    static EventEnvelope event(String jobId, String tenant, String uri, String sha, String traceparent) {
        TrainingCompleted data = new TrainingCompleted(jobId, "adult-v1", "cd".repeat(32), "logistic", "income",
                List.of(), Map.of("accuracy", 0.8), new PrivacySpent(1.0, 1e-6, "rdp", 1.1, 0.01, 100L), uri, sha,
                tenant, "alice");
        return CloudEventCodec.newEvent("/custos/privacy-service", EventTypes.TRAINING_COMPLETED_V1, jobId, tenant,
                traceparent, data);
    }

    /** Serves {@code bytes} as the job's model artifact; returns its URI. */
    static String serve(String jobId, byte[] bytes) {
        String path = "/api/privacy/training-jobs/" + jobId + "/model";
        ArtifactServer.ARTIFACTS.put(path, bytes);
        return ArtifactServer.baseUrl + path;
    }

    static String token(String user, String tenant, String role) {
        return TestKeys.shared().token(user, tenant, role);
    }
}
