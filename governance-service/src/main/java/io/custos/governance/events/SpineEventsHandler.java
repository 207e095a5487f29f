package io.custos.governance.events;

import io.custos.events.EventEnvelope;
import io.custos.events.EventTypes;
import io.custos.events.MalformedEventException;
import io.custos.events.ModelRegistered;
import io.custos.events.TopicNames;
import io.custos.events.TrainingCompleted;
import io.custos.governance.service.InventoryService;
import io.custos.service.events.CustosEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/** Governance hears all three topics: every event is evidence; a registration is an inventory record. */
@ApplicationScoped
public class SpineEventsHandler implements CustosEventHandler {

    @Inject
    InventoryService inventory;

    @Override
    public String consumerName() {
        return "governance-inventory";
    }

    @Override
    public Set<String> topics(TopicNames topics) {
        return Set.copyOf(topics.all());
    }

    @Override
    public void apply(String topic, EventEnvelope event) throws Exception {
        if (EventTypes.payloadOf(event.type()) == null) {
            throw new MalformedEventException("unknown event type " + event.type() + " on " + topic);
        }
        inventory.logEvent(event);
        if (EventTypes.MODEL_REGISTERED_V1.equals(event.type())) {
            ModelRegistered m = event.dataAs(ModelRegistered.class);
            if (!event.tenant().equals(m.tenant())) {
                throw new MalformedEventException("event tenant " + event.tenant() + " differs from data tenant " + m.tenant());
            }
            if (m.modelName() == null || m.version() == null) {
                throw new MalformedEventException("model-registered event " + event.id() + " has no model name or version");
            }
            inventory.recordRegistration(m, event.tenant());
        } else if (EventTypes.TRAINING_COMPLETED_V1.equals(event.type())) {
            TrainingCompleted t = event.dataAs(TrainingCompleted.class);
            if (!event.tenant().equals(t.tenant())) {
                throw new MalformedEventException("event tenant " + event.tenant() + " differs from data tenant " + t.tenant());
            }
            inventory.recordTraining(t, event.tenant());
        }
    }
}
