package io.custos.governance.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.custos.events.EventEnvelope;
import io.custos.events.ModelRegistered;
import io.custos.governance.domain.ModelRecord;
import io.custos.service.events.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Keeps the inventory in step with the events of the other services. */
@ApplicationScoped
public class InventoryService {

    private static final String LOG_SQL = "INSERT INTO governance.event_log (tenant, event_id, event_type, source, subject,"
            + " event_time, trace_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (event_id) DO NOTHING";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    /** Keeps the event as evidence. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void logEvent(EventEnvelope e) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LOG_SQL)) {
            ps.setString(1, e.tenant());
            ps.setString(2, e.id());
            ps.setString(3, e.type());
            ps.setString(4, e.source());
            ps.setString(5, e.subject());
            ps.setTimestamp(6, Timestamp.from(e.time().toInstant()));
            ps.setString(7, Tracing.currentTraceId());
            ps.setString(8, e.data().toString());
            ps.executeUpdate();
        }
    }

    /** Creates or completes the record of the registered model version. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ModelRecord recordRegistration(ModelRegistered m, String tenant) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ModelRecord r = ModelRecord.findVersion(tenant, m.modelName(), m.version()).orElseGet(() -> {
            ModelRecord created = new ModelRecord();
            created.id = UUID.randomUUID();
            created.tenant = tenant;
            created.name = m.modelName();
            created.version = m.version();
            created.source = "custos";
            created.registeredAt = now;
            return created;
        });
        r.bundleId = m.bundleId();
        r.trainingJobId = m.trainingJobId();
        if (m.digests() != null) {
            r.modelSha256 = m.digests().model();
            r.bundleSha256 = m.digests().bundle();
            r.onnxSha256 = m.digests().onnx();
            r.sbomSha256 = m.digests().sbom();
            r.provenanceSha256 = m.digests().provenance();
        }
        r.signingKeyId = m.signingKeyId();
        r.privacy = m.privacy() == null ? null : json.writeValueAsString(m.privacy());
        r.traceId = Tracing.currentTraceId();
        r.updatedAt = now;
        r.persist();
        return r;
    }
}
