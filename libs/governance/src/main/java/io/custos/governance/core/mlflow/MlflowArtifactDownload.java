package io.custos.governance.core.mlflow;

/**
 * The outcome of streaming one artifact file: its SHA-256 when it fit under the limit, and the first
 * bytes when the caller asked to keep some (environment files only; nothing else is ever kept).
 *
 * @param bytesRead bytes received; when {@code overLimit}, the transfer stopped after this many
 * @param overLimit the file turned out larger than the limit while streaming; not hashed
 * @param sha256    lower-case hex, null when over the limit
 * @param head      at most the requested number of leading bytes, empty when none were asked for
 */
public record MlflowArtifactDownload(String path, long bytesRead, boolean overLimit, String sha256, byte[] head) {
}
