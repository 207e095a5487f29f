package io.custos.governance.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.governance.core.model.ModelVersionRecord;
import io.custos.governance.domain.LifecycleEvent;
import io.custos.governance.domain.ModelRecord;
import io.custos.governance.inventory.Annotations;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One record in full: the summary, the canonical record as governance sees it (source facts with
 * annotations applied), the annotations alone, the compliance result and the lifecycle history.
 */
public record ModelDetail(ModelView summary, ModelVersionRecord record, Annotations annotations, JsonNode compliance,
        OffsetDateTime complianceEvaluatedAt, List<Lifecycle> lifecycle) {

    public record Lifecycle(String kind, String from, String to, OffsetDateTime at, String origin) {
    }

    static ModelDetail of(ModelRecord r, ModelVersionRecord effective, Annotations annotations, ObjectMapper json) {
        return new ModelDetail(ModelView.of(r, json), effective, annotations, ModelView.tree(json, r.compliance),
                r.complianceEvaluatedAt, LifecycleEvent.forModel(r.id).stream()
                        .map(e -> new Lifecycle(e.kind, e.fromValue, e.toValue, e.at, e.origin)).toList());
    }
}
