package io.custos.packaging.events;

import io.custos.events.EventEnvelope;
import io.custos.events.MalformedEventException;
import io.custos.events.TopicNames;
import io.custos.events.TrainingCompleted;
import io.custos.packaging.service.BundleService;
import io.custos.service.events.CustosEventHandler;
import io.custos.service.http.ArtifactException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/** Packages every finished training job. */
@ApplicationScoped
public class TrainingCompletedHandler implements CustosEventHandler {

    @Inject
    BundleService bundles;

    @Override
    public String consumerName() {
        return "packaging-training-completed";
    }

    @Override
    public Set<String> topics(TopicNames topics) {
        return Set.of(topics.trainingCompleted());
    }

    @Override
    public void apply(String topic, EventEnvelope event) {
        TrainingCompleted training = event.dataAs(TrainingCompleted.class);
        if (!event.tenant().equals(training.tenant())) {
            throw new MalformedEventException("event tenant " + event.tenant() + " differs from data tenant "
                    + training.tenant());
        }
        if (training.modelUri() == null || training.modelSha256() == null) {
            throw new MalformedEventException("event " + event.id() + " has no model URI or SHA-256");
        }
        try {
            bundles.onTrainingCompleted(training, event.tenant());
        } catch (ArtifactException e) {
            if (e.permanent()) {
                throw new MalformedEventException(e.getMessage(), e);
            }
            throw e;
        }
    }
}
