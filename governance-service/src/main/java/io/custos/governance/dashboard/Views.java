package io.custos.governance.dashboard;

import io.custos.governance.core.compliance.ComplianceResult;
import io.custos.governance.rest.ModelView;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard templates print: plain records of strings, prepared here so that the
 * templates hold no logic beyond loops and conditions.
 */
public final class Views {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private Views() {
    }

    /** Who is signed in, for the page header. */
    public record User(String subject, String tenant, String roles) {
    }

    /**
     * A compliance badge: the status in words (never colour alone), a symbol for a quick scan,
     * and the CSS class that colours it.
     */
    public record Badge(String status, String label, String symbol, String cssClass, String description) {

        public static Badge of(String status) {
            if (status == null) {
                return new Badge("none", "Not evaluated", "?", "badge-none", "no compliance evaluation yet");
            }
            return switch (status) {
                case ComplianceResult.COMPLIANT -> new Badge(status, "Compliant", "\u2713", "badge-compliant",
                        "every applicable error and warning rule passed");
                case ComplianceResult.GAPS -> new Badge(status, "Gaps", "!", "badge-gaps",
                        "a warning rule failed: evidence is missing or weak");
                case ComplianceResult.NON_COMPLIANT -> new Badge(status, "Non-compliant", "\u2717",
                        "badge-non-compliant", "an error rule failed: an obligation is not met");
                default -> new Badge(status, status, "?", "badge-none", "unknown status");
            };
        }
    }

    /** An option of a filter's select. */
    public record Option(String value, String label, boolean selected) {
    }

    /** A count at the top of the inventory, linking to the inventory filtered by it. */
    public record Count(String label, long count, String href, String cssClass) {
    }

    /** A row of the inventory table. */
    public record Row(String id, String name, String version, String source, String stage, String owner,
            Badge badge, boolean complete, String incompleteReason, String updated) {

        static Row of(ModelView m) {
            return new Row(m.id(), m.name(), m.version(), m.source(), m.stage(), m.owner(),
                    Badge.of(m.complianceStatus()), m.complete(), m.incompleteReason(), when(m.updatedAt()));
        }
    }

    public record InventoryPage(User user, List<Count> counts, long total, List<Option> stages,
            List<Option> statuses, List<Option> sources, String q, boolean filtered, String error, List<Row> rows) {
    }

    /** A label and its value; a null value prints as "not recorded". */
    public record Field(String label, String value, boolean code) {
    }

    /** One of the six groups of the canonical record. */
    public record Group(String id, String title, List<Field> fields) {
    }

    public record Entry(String key, String value) {
    }

    public record LifecycleRow(String kind, String from, String to, String at, String origin) {
    }

    public record Privacy(String epsilon, String delta, String accountant, boolean present) {
    }

    public record ArtifactRow(String path, String size, String sha256, String notHashedReason) {
    }

    public record Outcome(String ruleId, String title, String outcome, String outcomeClass, String severity,
            String message, List<String> references, String remediation, List<String> missingFacts) {
    }

    public record AuditRow(long seq, String at, String actor, String action, String detail) {
    }

    public record ModelPage(User user, String id, String name, String version, Badge badge, boolean complete,
            String incompleteReason, String evaluatedAt, Group identity, Group lifecycle,
            List<LifecycleRow> history, Group evidence, List<Entry> metrics, List<Entry> hyperparameters,
            List<Entry> evaluationTags, Group lineage, Group risk, Privacy privacy, Group artifacts,
            List<Entry> digests, List<Entry> environment, List<ArtifactRow> manifest, List<String> evidenceFiles,
            List<Outcome> outcomes, long failed, boolean reports, String markdownHref, String pdfHref,
            boolean auditVisible, List<AuditRow> audit) {
    }

    public record ErrorPage(User user, int status, String title, String detail) {
    }

    /** Builds a group's fields in order. */
    static final class Fields {
        private final List<Field> fields = new ArrayList<>();

        Fields add(String label, Object value) {
            fields.add(new Field(label, text(value), false));
            return this;
        }

        Fields code(String label, Object value) {
            fields.add(new Field(label, text(value), true));
            return this;
        }

        List<Field> list() {
            return List.copyOf(fields);
        }
    }

    static String when(OffsetDateTime t) {
        return t == null ? null : WHEN.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }

    static String when(Instant t) {
        return t == null ? null : WHEN.format(t.atOffset(ZoneOffset.UTC));
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof Instant i) {
            return when(i);
        }
        if (value instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (value instanceof Collection<?> c) {
            return c.isEmpty() ? null : String.join(", ", c.stream().map(String::valueOf).toList());
        }
        String s = value.toString();
        return s.isBlank() ? null : s;
    }

    /** 1.5, 0.000001, 1E-7: exact, without a trailing ".0". */
    static String number(Double d) {
        if (d == null) {
            return null;
        }
        if (d.isNaN() || d.isInfinite()) {
            return d.toString();
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toString();
    }

    static List<Entry> entries(Map<String, ?> map) {
        if (map == null) {
            return List.of();
        }
        return map.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Entry(e.getKey(), e.getValue() instanceof Double d ? number(d) : text(e.getValue())))
                .toList();
    }
}
