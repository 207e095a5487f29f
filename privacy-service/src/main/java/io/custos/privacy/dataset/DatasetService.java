package io.custos.privacy.dataset;

import io.custos.ml.data.DataException;
import io.custos.ml.data.Table;
import io.custos.privacy.config.PrivacyConfig;
import io.custos.service.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Registers uploaded CSV files (the full registry with versions and lineage comes with data protection). */
@ApplicationScoped
public class DatasetService {

    @Inject
    BlobStore blobs;

    @Inject
    PrivacyConfig config;

    @Transactional
    public Dataset upload(String name, InputStream body, String tenant, String by) {
        if (name == null || !name.matches("[A-Za-z0-9._ -]{1,128}")) {
            throw ProblemException.badRequest("name", "required: 1-128 letters, digits, spaces, '.', '_' or '-'");
        }
        BlobStore.Blob blob = blobs.put(body, config.storage().maxUploadBytes());
        Table table;
        try {
            table = Table.readCsv(blob.path());
        } catch (DataException e) {
            throw ProblemException.badRequest("file", e.getMessage());
        }
        if (table.size() == 0) {
            throw ProblemException.badRequest("file", "the CSV has a header but no rows");
        }
        Dataset d = new Dataset();
        d.id = UUID.randomUUID();
        d.tenant = tenant;
        d.name = name;
        d.sha256 = blob.sha256();
        d.sizeBytes = blob.size();
        d.rowCount = table.size();
        d.columns = table.header();
        d.createdBy = by;
        d.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        d.persist();
        return d;
    }

    public Table read(Dataset d) {
        return Table.readCsv(blobs.path(d.sha256));
    }
}
