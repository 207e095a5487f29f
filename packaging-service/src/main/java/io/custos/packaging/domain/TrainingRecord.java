package io.custos.packaging.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A finished training job packaging has heard of: the event it came in, and a failed build's reason. */
@Entity
@Table(name = "trainings")
public class TrainingRecord extends PanacheEntityBase {

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "tenant")
        public String tenant;

        @Column(name = "job_id")
        public String jobId;

        protected Key() {
        }

        public Key(String tenant, String jobId) {
            this.tenant = tenant;
            this.jobId = jobId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenant, k.tenant) && Objects.equals(jobId, k.jobId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenant, jobId);
        }
    }

    @EmbeddedId
    public Key key;

    /** The training-completed data, as received. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String event;

    @Column(name = "received_at", nullable = false)
    public OffsetDateTime receivedAt;

    @Column(name = "build_error")
    public String buildError;

    public static Optional<TrainingRecord> find(String tenant, String jobId) {
        return findByIdOptional(new Key(tenant, jobId));
    }
}
