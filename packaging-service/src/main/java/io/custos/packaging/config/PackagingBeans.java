package io.custos.packaging.config;

import io.custos.crypto.SigningKeyRing;
import io.custos.service.storage.BlobStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The bundle store and the signing key ring over their configured directories. */
public class PackagingBeans {

    @Produces
    @Singleton
    BlobStore bundleBlobs(PackagingConfig config) {
        return new BlobStore(Path.of(config.storage().bundleDir()), "custos.packaging.validation.max-upload-bytes");
    }

    @Produces
    @Singleton
    SigningKeyRing signingKeys(PackagingConfig config) {
        return SigningKeyRing.openOrCreate(Path.of(config.signing().keyDir()));
    }
}
