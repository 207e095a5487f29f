package io.custos.packaging.rest;

import io.custos.packaging.domain.Bundle;
import java.time.OffsetDateTime;

public record BundleView(String id, String modelName, int version, String trainingJobId, String status,
        String modelType, String datasetId, String modelSha256, long modelSize, String traceId,
        OffsetDateTime createdAt) {

    public static BundleView of(Bundle b) {
        return new BundleView(b.id.toString(), b.modelName, b.version, b.trainingJobId, b.status, b.modelType,
                b.datasetId, b.modelSha256, b.modelSize, b.traceId, b.createdAt);
    }
}
