package io.custos.governance.testing;

import io.custos.events.CloudEventCodec;
import io.custos.events.EventEnvelope;
import io.custos.events.EventTypes;
import io.custos.events.ModelRegistered;
import io.custos.events.PrivacySpent;
import io.custos.events.TrainingCompleted;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The two events that describe one Custos model version (training-completed, model-registered),
 * as privacy-service and packaging-service publish them: a DP logistic model on a dataset of
 * people, trained by "alice", signed bundle with every digest.
 */
public record ModelEvents(String jobId, String bundleId, EventEnvelope training, EventEnvelope registered) {

    public static final CloudEventCodec CODEC = new CloudEventCodec();

    public static ModelEvents of(String tenant, String name) {
        String jobId = UUID.randomUUID().toString();
        String bundleId = UUID.randomUUID().toString();
        PrivacySpent privacy = new PrivacySpent(1.5, 1e-6, "rdp", 1.1, 0.01, 900L);
        EventEnvelope training = CloudEventCodec.newEvent("/custos/privacy-service", EventTypes.TRAINING_COMPLETED_V1,
                jobId, tenant, null, new TrainingCompleted(jobId, "adult-v3", "cd".repeat(32), "logistic", "income",
                        List.of(), Map.of("accuracy", 0.81, "auc", 0.87), privacy, "http://x/model", "ef".repeat(32),
                        tenant, "alice"));
        EventEnvelope registered = CloudEventCodec.newEvent("/custos/packaging-service", EventTypes.MODEL_REGISTERED_V1,
                bundleId, tenant, null, new ModelRegistered(bundleId, name, "1", jobId,
                        new ModelRegistered.Digests("11".repeat(32), "22".repeat(32), "33".repeat(32), "44".repeat(32),
                                "ef".repeat(32)), "ed25519:0123456789abcdef0123456789abcdef", privacy, tenant));
        return new ModelEvents(jobId, bundleId, training, registered);
    }
}
