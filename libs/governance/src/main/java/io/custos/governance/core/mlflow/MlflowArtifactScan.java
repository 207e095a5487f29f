package io.custos.governance.core.mlflow;

import io.custos.governance.core.model.ModelVersionRecord;
import java.util.List;
import java.util.Map;

/**
 * What was learned about one run's artifacts: every file listed (with its hash or why it has none)
 * and the text of the environment files.
 *
 * @param manifest         sorted by path
 * @param environmentFiles artifact path to text, for {@code MLmodel}, {@code conda.yaml},
 *                         {@code requirements.txt} and {@code python_env.yaml} files
 * @param problem          null when the listing is complete, else why it is not (a folder could not
 *                         be listed, or the listing bound was reached)
 */
public record MlflowArtifactScan(List<ModelVersionRecord.ArtifactFile> manifest, Map<String, String> environmentFiles,
        String problem) {

    public MlflowArtifactScan {
        manifest = List.copyOf(manifest);
        environmentFiles = Map.copyOf(environmentFiles);
    }
}
