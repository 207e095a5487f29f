package io.custos.governance.core.mlflow;

import java.util.List;

/**
 * One page of a paginated MLflow answer.
 *
 * @param nextPageToken opaque token for the next page, null on the last page
 */
public record MlflowPage<T>(List<T> items, String nextPageToken) {
    public MlflowPage {
        items = List.copyOf(items);
    }
}
