package io.custos.packaging.service;

import io.custos.bundle.archive.ArchiveLimits;
import io.custos.bundle.archive.BundleFiles;
import io.custos.packaging.domain.Bundle;
import io.custos.service.problem.ProblemException;
import io.custos.service.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads stored bundles back: the zip, or one file of it. */
@ApplicationScoped
public class StoredBundles {

    @Inject
    BlobStore blobs;

    /** The bundle's zip in the store; 404 for bundles registered before bundles were built. */
    public Path zip(Bundle b) {
        if (b.bundleSha256 == null) {
            throw new ProblemException(404, "Not found", "bundle " + b.id + " was registered before signed bundles"
                    + " existed and has no archive; build one with POST /api/packaging/bundles");
        }
        Path p = blobs.path(b.bundleSha256);
        if (!Files.exists(p)) {
            throw new IllegalStateException("the bundle store has lost bundle " + b.id + " (" + b.bundleSha256 + ")");
        }
        return p;
    }

    /** All files of a stored bundle, read with the same limits as any other bundle. */
    public BundleFiles files(Bundle b) {
        return BundleFiles.readZip(zip(b), ArchiveLimits.defaults());
    }

    public byte[] file(Bundle b, String path) {
        return files(b).bytes(path);
    }
}
