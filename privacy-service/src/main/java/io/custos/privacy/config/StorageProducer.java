package io.custos.privacy.config;

import io.custos.service.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The dataset blob store over the configured directory. */
@ApplicationScoped
public class StorageProducer {

    @Produces
    @Singleton
    BlobStore datasetBlobs(PrivacyConfig config) {
        return new BlobStore(Path.of(config.storage().blobDir()), "custos.privacy.storage.max-upload-bytes");
    }
}
