package io.custos.bundle.sbom;

import java.util.List;

/**
 * The single source of the packages a bundle is run with. requirements.txt, conda.yaml and the
 * ML-BOM are all generated from this list, so what a user installs, what the BOM declares and
 * what the vulnerability check looks at can never drift apart.
 */
public final class RuntimeLibraries {

    private static final List<RuntimeLibrary> PYTHON = List.of(
            RuntimeLibrary.pypi("mlflow", "2.17.2", "Apache-2.0"),
            RuntimeLibrary.pypi("onnx", "1.17.0", "Apache-2.0"),
            RuntimeLibrary.pypi("onnxruntime", "1.20.1", "MIT"),
            RuntimeLibrary.pypi("numpy", "1.26.4", "BSD-3-Clause"),
            RuntimeLibrary.pypi("pandas", "2.2.3", "BSD-3-Clause"));

    private RuntimeLibraries() {
    }

    /**
     * What a user needs to load and score the bundle with MLflow's {@code onnx} flavor (direct
     * dependencies only; their own dependencies are resolved by pip). Immutable, fixed order.
     */
    public static List<RuntimeLibrary> python() {
        return PYTHON;
    }
}
