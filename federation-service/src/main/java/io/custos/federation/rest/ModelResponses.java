package io.custos.federation.rest;

import io.custos.federation.domain.GlobalModel;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;

/** A global model as every endpoint serves it: the artifact JSON, its SHA-256 as the ETag clients check. */
final class ModelResponses {

    private ModelResponses() {
    }

    static Response of(GlobalModel model) {
        return Response.ok(model.content).tag(new EntityTag(model.sha256)).build();
    }
}
