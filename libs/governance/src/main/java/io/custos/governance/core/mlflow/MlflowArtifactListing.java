package io.custos.governance.core.mlflow;

import java.util.List;

/**
 * One answer of artifacts/list: the entries directly below one folder of a run's artifacts.
 *
 * @param nextPageToken set by artifact stores that paginate listings, else null
 */
public record MlflowArtifactListing(String rootUri, List<Entry> files, String nextPageToken) {

    public MlflowArtifactListing {
        files = List.copyOf(files);
    }

    /**
     * @param path     relative to the run's artifact root, e.g. {@code model/MLmodel}
     * @param fileSize declared size in bytes, null for folders or when the store does not say
     */
    public record Entry(String path, boolean isDir, Long fileSize) {
    }
}
