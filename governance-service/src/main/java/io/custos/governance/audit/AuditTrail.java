package io.custos.governance.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.custos.crypto.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tenant's audit trail: append-only (a trigger refuses updates and deletes) and hash-chained.
 * Entry n stores {@code hash_n = SHA-256(canonical JSON of [hash_{n-1}, tenant, n, at, actor, action,
 * subject, detail])} with {@code hash_0} = 64 zeros, so changing, removing or reordering any entry
 * breaks every hash after it, which {@link #verify} finds.
 */
@ApplicationScoped
public class AuditTrail {

    public static final String GENESIS = "0".repeat(64);

    /** Sorted keys, no white space: the one serialization that is hashed and stored. */
    static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .findAndRegisterModules();

    @Inject
    EntityManager em;

    public record Entry(String tenant, long seq, Instant at, String actor, String action, String subject, String detail,
            String prevHash, String hash) {
    }

    /** A verification: valid, or the first entry whose link is broken and why. */
    public record Verification(boolean valid, long entriesChecked, String headHash, Long firstBrokenSeq,
            String reason) {
    }

    /** Appends one entry in the caller's transaction (one appender per tenant at a time). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Entry append(String tenant, String actor, String action, String subject, Map<String, ?> detail) {
        em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) l")
                .setParameter(1, "governance-audit:" + tenant).getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> last = em.createNativeQuery(
                "SELECT seq, hash FROM governance.audit_log WHERE tenant = ?1 ORDER BY seq DESC LIMIT 1")
                .setParameter(1, tenant).getResultList();
        long seq = last.isEmpty() ? 1 : ((Number) last.get(0)[0]).longValue() + 1;
        String prev = last.isEmpty() ? GENESIS : (String) last.get(0)[1];
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String detailJson = canonical(detail == null ? Map.of() : new TreeMap<>(detail));
        String hash = hash(prev, tenant, seq, at, actor, action, subject, detailJson);
        em.createNativeQuery("INSERT INTO governance.audit_log (tenant, seq, at, actor, action, subject, detail,"
                + " prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                .setParameter(1, tenant).setParameter(2, seq).setParameter(3, Timestamp.from(at))
                .setParameter(4, actor).setParameter(5, action).setParameter(6, subject)
                .setParameter(7, detailJson).setParameter(8, prev).setParameter(9, hash).executeUpdate();
        return new Entry(tenant, seq, at, actor, action, subject, detailJson, prev, hash);
    }

    /** Entries after {@code afterSeq}, oldest first, at most {@code limit}; optionally of one subject. */
    @Transactional
    public List<Entry> list(String tenant, long afterSeq, int limit, String subject) {
        String sql = "SELECT tenant, seq, at, actor, action, subject, detail, prev_hash, hash FROM governance.audit_log"
                + " WHERE tenant = ?1 AND seq > ?2" + (subject == null ? "" : " AND subject = ?4")
                + " ORDER BY seq LIMIT ?3";
        var q = em.createNativeQuery(sql).setParameter(1, tenant).setParameter(2, afterSeq).setParameter(3, limit);
        if (subject != null) {
            q.setParameter(4, subject);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        return rows.stream().map(AuditTrail::entry).toList();
    }

    /** The newest {@code limit} entries about {@code subject}, newest first (one query, however long the trail). */
    @Transactional
    public List<Entry> latest(String tenant, String subject, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT tenant, seq, at, actor, action, subject, detail, prev_hash,"
                + " hash FROM governance.audit_log WHERE tenant = ?1 AND subject = ?2 ORDER BY seq DESC LIMIT ?3")
                .setParameter(1, tenant).setParameter(2, subject).setParameter(3, limit).getResultList();
        return rows.stream().map(AuditTrail::entry).toList();
    }

    /** Walks the whole chain of a tenant, in pages, recomputing every hash. */
    @Transactional
    public Verification verify(String tenant) {
        String prev = GENESIS;
        long expected = 1;
        long checked = 0;
        while (true) {
            List<Entry> page = list(tenant, expected - 1, 1000, null);
            if (page.isEmpty()) {
                return new Verification(true, checked, prev, null, null);
            }
            for (Entry e : page) {
                if (e.seq() != expected) {
                    return new Verification(false, checked, prev, expected, "entry " + expected
                            + " is missing (the next entry is " + e.seq() + ")");
                }
                if (!e.prevHash().equals(prev)) {
                    return new Verification(false, checked, prev, e.seq(), "entry " + e.seq()
                            + " does not link to the entry before it (its previous hash is " + e.prevHash()
                            + ", the chain has " + prev + ")");
                }
                String recomputed = hash(e.prevHash(), e.tenant(), e.seq(), e.at(), e.actor(), e.action(), e.subject(),
                        e.detail());
                if (!recomputed.equals(e.hash())) {
                    return new Verification(false, checked, prev, e.seq(), "entry " + e.seq()
                            + " was changed after it was written (its content hashes to " + recomputed
                            + ", it says " + e.hash() + ")");
                }
                prev = e.hash();
                expected++;
                checked++;
            }
        }
    }

    static String hash(String prev, String tenant, long seq, Instant at, String actor, String action, String subject,
            String detailJson) {
        List<Object> fields = new ArrayList<>();
        fields.add(prev);
        fields.add(tenant);
        fields.add(seq);
        fields.add(at.toString());
        fields.add(actor);
        fields.add(action);
        fields.add(subject);
        fields.add(detailJson);
        return Sha256.hex(canonical(fields).getBytes(StandardCharsets.UTF_8));
    }

    static String canonical(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not serializable: " + e.getOriginalMessage(), e);
        }
    }

    private static Entry entry(Object[] r) {
        Instant at = r[2] instanceof Timestamp t ? t.toInstant()
                : r[2] instanceof java.time.OffsetDateTime o ? o.toInstant() : (Instant) r[2];
        return new Entry((String) r[0], ((Number) r[1]).longValue(), at, (String) r[3], (String) r[4], (String) r[5],
                (String) r[6], (String) r[7], (String) r[8]);
    }
}
