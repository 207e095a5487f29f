package io.custos.governance.core.mlflow;

import io.custos.governance.core.model.ModelVersionRecord.ArtifactFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lists a run's artifacts (recursively, within bounds) and hashes the small files. Artifacts are
 * untrusted: files are streamed only to be hashed, nothing is written to disk, nothing is parsed,
 * executed or deserialized. The four environment specs MLflow writes next to a model
 * ({@link #ENVIRONMENT_FILES}) are kept as bounded text, never interpreted.
 */
public final class MlflowArtifactScanner {

    /** File names read as text for the runtime environment, wherever they are in the run's artifacts. */
    public static final Set<String> ENVIRONMENT_FILES = Set.of("MLmodel", "conda.yaml", "requirements.txt",
            "python_env.yaml");
    /** Environment files are kept up to this many bytes; longer ones are cut and marked. */
    public static final int MAX_ENVIRONMENT_TEXT_BYTES = 64 * 1024;
    /** Folders nested deeper than this are not listed (a store that loops, or a pathological tree). */
    static final int MAX_DEPTH = 32;

    private final MlflowClient client;
    private final long maxHashBytes;
    private final int maxEntries;

    public MlflowArtifactScanner(MlflowClient client) {
        this.client = client;
        this.maxHashBytes = client.config().maxArtifactHashBytes();
        this.maxEntries = client.config().maxArtifactsPerVersion();
    }

    /**
     * Scans one run's artifacts.
     *
     * @throws MlflowException when the artifact root itself cannot be listed; a deeper folder that
     *                         cannot be listed only makes the scan partial
     */
    public MlflowArtifactScan scan(String runId) throws MlflowException {
        Set<String> problems = new LinkedHashSet<>();
        List<MlflowArtifactListing.Entry> files = listFiles(runId, problems);
        files.sort(Comparator.comparing(MlflowArtifactListing.Entry::path));

        List<ArtifactFile> manifest = new ArrayList<>();
        Map<String, String> environment = new TreeMap<>();
        String serverGone = null;
        for (MlflowArtifactListing.Entry file : files) {
            Long declared = file.fileSize();
            if (declared != null && declared > maxHashBytes) {
                manifest.add(new ArtifactFile(file.path(), declared, null, tooLarge()));
                continue;
            }
            if (serverGone != null) {
                manifest.add(new ArtifactFile(file.path(), declared, null, serverGone));
                continue;
            }
            boolean environmentFile = ENVIRONMENT_FILES.contains(baseName(file.path()));
            try {
                MlflowArtifactDownload download = client.downloadArtifact(runId, file.path(), maxHashBytes,
                        environmentFile ? MAX_ENVIRONMENT_TEXT_BYTES : 0);
                if (download.overLimit()) {
                    manifest.add(new ArtifactFile(file.path(), declared, null, tooLarge()));
                    continue;
                }
                manifest.add(new ArtifactFile(file.path(), declared != null ? declared : download.bytesRead(),
                        download.sha256(), null));
                if (environmentFile) {
                    environment.put(file.path(), environmentText(download));
                }
            } catch (MlflowException e) {
                String reason = "download failed: " + e.kind()
                        + (e.httpStatus() == null ? "" : " (HTTP " + e.httpStatus() + ")");
                manifest.add(new ArtifactFile(file.path(), declared, null, reason));
                if (e.kind() == MlflowException.Kind.TIMEOUT || e.kind() == MlflowException.Kind.UNREACHABLE) {
                    // One slow server should cost one timeout per version, not one per file.
                    serverGone = "not downloaded: an earlier download in this run failed with " + e.kind();
                }
            }
        }
        return new MlflowArtifactScan(manifest, environment, problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** Breadth-first listing, bounded in entries, depth and pages; problems below the root are collected. */
    private List<MlflowArtifactListing.Entry> listFiles(String runId, Set<String> problems) throws MlflowException {
        List<MlflowArtifactListing.Entry> files = new ArrayList<>();
        Deque<String> folders = new ArrayDeque<>();
        Set<String> visited = new HashSet<>();
        folders.add("");
        visited.add("");
        int entries = 0;
        while (!folders.isEmpty()) {
            String folder = folders.pollFirst();
            Set<String> tokens = new HashSet<>();
            String token = null;
            do {
                MlflowArtifactListing listing;
                try {
                    listing = client.listArtifacts(runId, folder, token);
                } catch (MlflowException e) {
                    if (folder.isEmpty()) {
                        throw e;
                    }
                    problems.add("artifact folder '" + folder + "' not listed: " + e.kind());
                    break;
                }
                for (MlflowArtifactListing.Entry entry : listing.files()) {
                    if (!isBelow(entry.path(), folder)) {
                        problems.add("artifact entries with unexpected paths were skipped");
                        continue;
                    }
                    if (++entries > maxEntries) {
                        problems.add("more than " + maxEntries + " artifact entries; the manifest is truncated");
                        return files;
                    }
                    if (!entry.isDir()) {
                        files.add(entry);
                    } else if (depth(entry.path()) > MAX_DEPTH) {
                        problems.add("artifact folders deeper than " + MAX_DEPTH + " levels were not listed");
                    } else if (visited.add(entry.path())) {
                        folders.addLast(entry.path());
                    }
                }
                token = listing.nextPageToken();
                if (token != null && !tokens.add(token)) {
                    problems.add("artifact folder '" + folder + "' listing repeated its page token; stopped");
                    token = null;
                }
            } while (token != null);
        }
        return files;
    }

    private String tooLarge() {
        return "larger than " + maxHashBytes + " bytes";
    }

    /** A relative path strictly below {@code folder}, without empty, "." or ".." segments. */
    static boolean isBelow(String path, String folder) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
            return false;
        }
        String rest;
        if (folder.isEmpty()) {
            rest = path;
        } else if (path.startsWith(folder + "/")) {
            rest = path.substring(folder.length() + 1);
        } else {
            return false;
        }
        if (rest.isEmpty()) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count() + 1;
    }

    static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static String environmentText(MlflowArtifactDownload download) {
        String text = new String(download.head(), StandardCharsets.UTF_8);
        if (download.bytesRead() > download.head().length) {
            text += "\n[truncated: first " + download.head().length + " of " + download.bytesRead() + " bytes]";
        }
        return text;
    }
}
