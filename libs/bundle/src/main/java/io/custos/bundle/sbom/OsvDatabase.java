package io.custos.bundle.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An offline copy of OSV advisories (https://ossf.github.io/osv-schema/) that an operator supplies,
 * so a bundle's runtime libraries can be checked for known vulnerabilities without network access.
 *
 * <p>{@link #load} accepts a JSON file holding one OSV record, a JSON array of records, or the
 * osv.dev API response shape {@code {"vulns": [...]}} ({@code {}} = no advisories), or a directory
 * whose {@code *.json} files (searched recursively, e.g. the osv.dev bulk export unzipped) each
 * hold any of those shapes; a directory without any is rejected as a likely mistake. Records with a {@code withdrawn} field are ignored; when the same id
 * appears twice the one with the later {@code modified} wins.
 *
 * <p>An advisory applies to a library when an {@code affected[]} entry names the same ecosystem
 * (case-insensitive, a {@code :release} suffix ignored) and package (PyPI names PEP 503
 * normalised) and the library's version is in its explicit {@code versions} list or inside one of
 * its {@code ECOSYSTEM} or {@code SEMVER} ranges, evaluated with the OSV algorithm over
 * {@code introduced} ({@code "0"} = from the beginning), {@code fixed}, {@code last_affected} and
 * {@code limit} events. ECOSYSTEM ranges are ordered with {@link Pep440Version} for PyPI and
 * {@link DottedVersion} otherwise; SEMVER ranges with {@link DottedVersion}. {@code GIT} ranges are
 * ignored (they name commits, not versions). Instances are immutable and thread-safe.
 */
public final class OsvDatabase {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** CVSS severity types in order of preference: v3 is what most consumers understand. */
    private static final List<String> CVSS_PREFERENCE = List.of("CVSS_V3", "CVSS_V4", "CVSS_V2");

    private final Map<String, List<Candidate>> byPackage;
    private final int size;

    private OsvDatabase(Map<String, List<Candidate>> byPackage, int size) {
        this.byPackage = byPackage;
        this.size = size;
    }

    /**
     * Reads the advisories at {@code path} (a file or a directory, see the class comment).
     *
     * @throws IllegalArgumentException if the path does not exist or a file is not valid OSV JSON;
     *     the message names the file and what is wrong
     * @throws UncheckedIOException if a file cannot be read
     */
    public static OsvDatabase load(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("OSV database " + path + " does not exist");
        }
        Map<String, Advisory> byId = new LinkedHashMap<>();
        for (Path file : files(path)) {
            for (Advisory a : readFile(file)) {
                Advisory previous = byId.get(a.id());
                if (previous == null || a.modified().compareTo(previous.modified()) > 0) {
                    byId.put(a.id(), a);
                }
            }
        }
        Map<String, List<Candidate>> byPackage = new HashMap<>();
        for (Advisory a : byId.values()) {
            for (Affected affected : a.affected()) {
                byPackage.computeIfAbsent(key(affected.ecosystem(), affected.name()), k -> new ArrayList<>())
                        .add(new Candidate(a, affected));
            }
        }
        return new OsvDatabase(byPackage, byId.size());
    }

    /** Number of distinct advisories loaded, withdrawn ones not counted. */
    public int size() {
        return size;
    }

    /**
     * The advisories that apply to {@code libraries} at their pinned versions: one match per
     * advisory and library, in library order and then by advisory id.
     */
    public List<VulnerabilityMatch> match(List<RuntimeLibrary> libraries) {
        List<VulnerabilityMatch> matches = new ArrayList<>();
        for (RuntimeLibrary library : libraries) {
            Map<String, VulnerabilityMatch> byId = new TreeMap<>();
            Comparator<String> order = ecosystemOrder(library.ecosystem());
            for (Candidate c : byPackage.getOrDefault(key(library.ecosystem(), library.name()), List.of())) {
                Hit hit = evaluate(c.affected(), library.version());
                if (!hit.affected()) {
                    continue;
                }
                VulnerabilityMatch earlier = byId.get(c.advisory().id());
                String fixed = hit.fixed();
                if (earlier != null && earlier.fixedVersion() != null
                        && (fixed == null || order.compare(earlier.fixedVersion(), fixed) < 0)) {
                    fixed = earlier.fixedVersion();
                }
                Advisory a = c.advisory();
                byId.put(a.id(), new VulnerabilityMatch(a.id(), a.aliases(), library.name(), library.version(),
                        a.summary(), severity(a, c.affected()), fixed));
            }
            matches.addAll(byId.values());
        }
        return List.copyOf(matches);
    }

    // ---- matching

    private record Hit(boolean affected, String fixed) {
    }

    private static Hit evaluate(Affected affected, String version) {
        Comparator<String> ecosystemOrder = ecosystemOrder(affected.ecosystem());
        boolean hit = false;
        for (String listed : affected.versions()) {
            if (listed.equals(version) || ecosystemOrder.compare(listed, version) == 0) {
                hit = true;
                break;
            }
        }
        String fixed = null;
        for (Range range : affected.ranges()) {
            Comparator<String> order = switch (range.type()) {
                case "ECOSYSTEM" -> ecosystemOrder;
                case "SEMVER" -> DottedVersion::compare;
                default -> null;
            };
            if (order == null) {
                continue;
            }
            List<Event> events = sorted(range.events(), order);
            if (includes(events, version, order)) {
                hit = true;
                String next = fixAfter(events, version, order);
                if (next != null && (fixed == null || ecosystemOrder.compare(next, fixed) < 0)) {
                    fixed = next;
                }
            }
        }
        return new Hit(hit, hit ? fixed : null);
    }

    /** OSV range evaluation: walk the sorted events; the last one at or below the version decides. */
    private static boolean includes(List<Event> events, String version, Comparator<String> order) {
        boolean affected = false;
        for (Event e : events) {
            switch (e.kind()) {
                case INTRODUCED -> {
                    if (e.isZero() || order.compare(version, e.version()) >= 0) {
                        affected = true;
                    }
                }
                case FIXED -> {
                    if (order.compare(version, e.version()) >= 0) {
                        affected = false;
                    }
                }
                case LAST_AFFECTED -> {
                    if (order.compare(version, e.version()) > 0) {
                        affected = false;
                    }
                }
                case LIMIT -> {
                    if (order.compare(version, e.version()) >= 0) {
                        return false;
                    }
                }
            }
        }
        return affected;
    }

    /** The fix that closes the interval holding {@code version}; null if it closes with last_affected or not at all. */
    private static String fixAfter(List<Event> events, String version, Comparator<String> order) {
        for (Event e : events) {
            if (e.kind() == EventKind.INTRODUCED) {
                continue;
            }
            int c = order.compare(e.version(), version);
            if (e.kind() == EventKind.LAST_AFFECTED ? c >= 0 : c > 0) {
                return e.kind() == EventKind.FIXED ? e.version() : null;
            }
        }
        return null;
    }

    private static List<Event> sorted(List<Event> events, Comparator<String> order) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort((a, b) -> a.isZero() || b.isZero()
                ? Boolean.compare(!a.isZero(), !b.isZero())
                : order.compare(a.version(), b.version()));
        return sorted;
    }

    private static Comparator<String> ecosystemOrder(String ecosystem) {
        return PackageNames.isPypi(ecosystem) ? Pep440Version::compare : DottedVersion::compare;
    }

    /** CVSS vector of the record, else of the affected entry, else the databases' own severity word. */
    private static String severity(Advisory a, Affected affected) {
        if (a.cvss() != null) {
            return a.cvss();
        }
        if (affected.cvss() != null) {
            return affected.cvss();
        }
        return a.databaseSeverity() != null ? a.databaseSeverity() : affected.databaseSeverity();
    }

    /** Index key: ecosystem compared case-insensitively without its ":release" suffix, name normalised. */
    private static String key(String ecosystem, String name) {
        return PackageNames.baseEcosystem(ecosystem).toLowerCase(Locale.ROOT) + '\u0000'
                + PackageNames.normalize(ecosystem, name);
    }

    // ---- reading

    private record Candidate(Advisory advisory, Affected affected) {
    }

    private record Advisory(String id, String modified, List<String> aliases, String summary, String cvss,
            String databaseSeverity, List<Affected> affected) {
    }

    private record Affected(String ecosystem, String name, List<String> versions, List<Range> ranges, String cvss,
            String databaseSeverity) {
    }

    private record Range(String type, List<Event> events) {
    }

    private enum EventKind {
        INTRODUCED("introduced"), FIXED("fixed"), LAST_AFFECTED("last_affected"), LIMIT("limit");

        private final String field;

        EventKind(String field) {
            this.field = field;
        }
    }

    private record Event(EventKind kind, String version) {

        boolean isZero() {
            return kind == EventKind.INTRODUCED && version.equals("0");
        }
    }

    private static List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list OSV directory " + path, e);
        }
        if (files.isEmpty()) {
            // most likely the wrong directory; silently checking against nothing would report "no vulnerabilities"
            throw new IllegalArgumentException("OSV directory " + path + " holds no *.json files");
        }
        return files;
    }

    private static List<Advisory> readFile(Path file) {
        JsonNode root;
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length == 0) {
                throw malformed(file, "the file is empty");
            }
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw malformed(file, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OSV file " + file, e);
        }
        if (root == null || root.isMissingNode()) {
            throw malformed(file, "the file holds no JSON value");
        }
        boolean singleRecord = root.isObject() && root.has("id");
        List<JsonNode> records = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(records::add);
        } else if (singleRecord) {
            records.add(root);
        } else if (root.isObject() && root.has("vulns")) {
            JsonNode vulns = root.get("vulns");
            if (!vulns.isArray()) {
                throw malformed(file, "\"vulns\" must be an array of OSV records");
            }
            vulns.forEach(records::add);
        } else if (root.isObject() && root.isEmpty()) {
            // osv.dev answers {} when a query has no advisories
        } else {
            throw malformed(file, "expected an OSV record (an object with \"id\"), an array of records or"
                    + " {\"vulns\": [...]}; found " + describe(root));
        }
        List<Advisory> advisories = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Advisory a = readRecord(file, singleRecord ? "record" : "record #" + i, records.get(i));
            if (a != null) {
                advisories.add(a);
            }
        }
        return advisories;
    }

    /** The advisory, or null when it is withdrawn. */
    private static Advisory readRecord(Path file, String where, JsonNode record) {
        if (!record.isObject()) {
            throw malformed(file, where + " must be a JSON object, found " + describe(record));
        }
        String id = requiredString(file, where, record, "id");
        String at = where + " (" + id + ")";
        String modified = requiredString(file, at, record, "modified");
        if (record.has("withdrawn")) {
            return null;
        }
        List<String> aliases = stringList(file, at + " aliases", record.get("aliases"));
        String summary = optionalString(file, at, record, "summary");
        if (summary == null) {
            String details = optionalString(file, at, record, "details");
            summary = details == null || details.isBlank() ? null : details.strip().lines().findFirst().orElse(null);
        }
        List<Affected> affected = new ArrayList<>();
        JsonNode affectedNode = record.get("affected");
        if (affectedNode != null && !affectedNode.isNull()) {
            if (!affectedNode.isArray()) {
                throw malformed(file, at + " \"affected\" must be an array, found " + describe(affectedNode));
            }
            for (int i = 0; i < affectedNode.size(); i++) {
                Affected a = readAffected(file, at + " affected[" + i + "]", affectedNode.get(i));
                if (a != null) {
                    affected.add(a);
                }
            }
        }
        return new Advisory(id, modified, aliases, summary, cvss(file, at, record.get("severity")),
                databaseSeverity(record), List.copyOf(affected));
    }

    /** The affected entry, or null when it names no package (e.g. a GIT-only entry). */
    private static Affected readAffected(Path file, String where, JsonNode node) {
        if (!node.isObject()) {
            throw malformed(file, where + " must be an object, found " + describe(node));
        }
        JsonNode pkg = node.get("package");
        if (pkg == null || pkg.isNull()) {
            return null;
        }
        if (!pkg.isObject()) {
            throw malformed(file, where + ".package must be an object, found " + describe(pkg));
        }
        String ecosystem = requiredString(file, where + ".package", pkg, "ecosystem");
        String name = requiredString(file, where + ".package", pkg, "name");
        List<String> versions = stringList(file, where + ".versions", node.get("versions"));
        List<Range> ranges = new ArrayList<>();
        JsonNode rangesNode = node.get("ranges");
        if (rangesNode != null && !rangesNode.isNull()) {
            if (!rangesNode.isArray()) {
                throw malformed(file, where + ".ranges must be an array, found " + describe(rangesNode));
            }
            for (int i = 0; i < rangesNode.size(); i++) {
                ranges.add(readRange(file, where + ".ranges[" + i + "]", rangesNode.get(i)));
            }
        }
        return new Affected(ecosystem, name, versions, List.copyOf(ranges), cvss(file, where, node.get("severity")),
                databaseSeverity(node));
    }

    private static Range readRange(Path file, String where, JsonNode node) {
        if (!node.isObject()) {
            throw malformed(file, where + " must be an object, found " + describe(node));
        }
        String type = requiredString(file, where, node, "type");
        JsonNode eventsNode = node.get("events");
        if (eventsNode == null || !eventsNode.isArray() || eventsNode.isEmpty()) {
            throw malformed(file, where + " must have a non-empty \"events\" array");
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < eventsNode.size(); i++) {
            events.add(readEvent(file, where + ".events[" + i + "]", eventsNode.get(i)));
        }
        return new Range(type, List.copyOf(events));
    }

    private static Event readEvent(Path file, String where, JsonNode node) {
        if (!node.isObject()) {
            throw malformed(file, where + " must be an object, found " + describe(node));
        }
        Event event = null;
        for (EventKind kind : EventKind.values()) {
            if (node.has(kind.field)) {
                if (event != null) {
                    throw malformed(file, where + " has both \"" + event.kind().field + "\" and \"" + kind.field
                            + "\"; an event holds exactly one");
                }
                event = new Event(kind, requiredString(file, where, node, kind.field));
            }
        }
        if (event == null) {
            throw malformed(file, where + " must have one of \"introduced\", \"fixed\", \"last_affected\", \"limit\"");
        }
        return event;
    }

    /** The preferred CVSS vector of an OSV {@code severity} array, or null if it has none. */
    private static String cvss(Path file, String where, JsonNode severity) {
        if (severity == null || severity.isNull()) {
            return null;
        }
        if (!severity.isArray()) {
            throw malformed(file, where + " \"severity\" must be an array, found " + describe(severity));
        }
        Map<String, String> byType = new HashMap<>();
        for (int i = 0; i < severity.size(); i++) {
            JsonNode s = severity.get(i);
            if (!s.isObject()) {
                throw malformed(file, where + " severity[" + i + "] must be an object, found " + describe(s));
            }
            byType.putIfAbsent(requiredString(file, where + " severity[" + i + "]", s, "type"),
                    requiredString(file, where + " severity[" + i + "]", s, "score"));
        }
        return CVSS_PREFERENCE.stream().map(byType::get).filter(v -> v != null).findFirst().orElse(null);
    }

    /** database_specific.severity when it is a string (the field is free-form, so anything else is ignored). */
    private static String databaseSeverity(JsonNode node) {
        JsonNode severity = node.path("database_specific").path("severity");
        return severity.isTextual() && !severity.asText().isBlank() ? severity.asText() : null;
    }

    private static String requiredString(Path file, String where, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw malformed(file, where + " must have a non-empty string \"" + field + "\""
                    + (value == null ? "" : ", found " + describe(value)));
        }
        return value.asText();
    }

    private static String optionalString(Path file, String where, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw malformed(file, where + " \"" + field + "\" must be a string, found " + describe(value));
        }
        return value.asText();
    }

    private static List<String> stringList(Path file, String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw malformed(file, where + " must be an array of strings, found " + describe(node));
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : node) {
            if (!v.isTextual()) {
                throw malformed(file, where + " must contain only strings, found " + describe(v));
            }
            values.add(v.asText());
        }
        return List.copyOf(values);
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object with fields " + node.properties().stream().map(Map.Entry::getKey).limit(5)
                    .toList();
            case STRING -> "the string \"" + abbreviate(node.asText()) + "\"";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static IllegalArgumentException malformed(Path file, String what) {
        return new IllegalArgumentException("malformed OSV file " + file + ": " + what);
    }
}
