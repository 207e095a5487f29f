package io.custos.bundle.sbom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.cyclonedx.model.vulnerability.Vulnerability;

/** Turns OSV matches into CycloneDX vulnerabilities; see {@link MlBom#withVulnerabilities}. */
final class OsvVulnerabilities {

    private OsvVulnerabilities() {
    }

    /** One CycloneDX vulnerability for all matches of one OSV id; {@code refOf} finds each library's bom-ref. */
    static Vulnerability toCycloneDx(String id, List<VulnerabilityMatch> matches,
            Function<VulnerabilityMatch, String> refOf) {
        Vulnerability v = new Vulnerability();
        v.setId(id);
        Vulnerability.Source osv = new Vulnerability.Source();
        osv.setName("OSV");
        osv.setUrl("https://osv.dev/vulnerability/" + id);
        v.setSource(osv);

        TreeSet<String> aliases = new TreeSet<>();
        matches.forEach(m -> aliases.addAll(m.aliases()));
        aliases.remove(id);
        List<Vulnerability.Reference> references = new ArrayList<>();
        for (String alias : aliases) {
            Vulnerability.Reference reference = new Vulnerability.Reference();
            reference.setId(alias);
            reference.setSource(aliasSource(alias));
            references.add(reference);
        }
        if (!references.isEmpty()) {
            v.setReferences(references);
        }

        matches.stream().map(VulnerabilityMatch::summary).filter(s -> s != null && !s.isBlank()).findFirst()
                .ifPresent(v::setDescription);
        matches.stream().map(VulnerabilityMatch::severity).filter(s -> s != null && !s.isBlank()).findFirst()
                .map(OsvVulnerabilities::rating).ifPresent(r -> v.setRatings(List.of(r)));

        List<String> upgrades = new ArrayList<>();
        Map<String, TreeSet<String>> affectedVersions = new TreeMap<>();
        for (VulnerabilityMatch m : matches) {
            affectedVersions.computeIfAbsent(refOf.apply(m), k -> new TreeSet<>()).add(m.version());
            if (m.fixedVersion() != null) {
                upgrades.add("Upgrade " + m.packageName() + " " + m.version() + " to " + m.fixedVersion()
                        + " or later.");
            }
        }
        if (!upgrades.isEmpty()) {
            v.setRecommendation(String.join(" ", upgrades));
        }
        List<Vulnerability.Affect> affects = new ArrayList<>();
        affectedVersions.forEach((ref, versions) -> {
            Vulnerability.Affect affect = new Vulnerability.Affect();
            affect.setRef(ref);
            for (String version : versions) {
                Vulnerability.Version affected = new Vulnerability.Version();
                affected.setVersion(version);
                affected.setStatus(Vulnerability.Version.Status.AFFECTED);
                affect.addVersion(affected);
            }
            affects.add(affect);
        });
        v.setAffects(affects);
        return v;
    }

    /** Where an alias is published: CVEs at NVD, GHSAs at GitHub, everything else at osv.dev. */
    private static Vulnerability.Source aliasSource(String id) {
        Vulnerability.Source source = new Vulnerability.Source();
        if (id.startsWith("CVE-")) {
            source.setName("NVD");
            source.setUrl("https://nvd.nist.gov/vuln/detail/" + id);
        } else if (id.startsWith("GHSA-")) {
            source.setName("GitHub Advisory Database");
            source.setUrl("https://github.com/advisories/" + id);
        } else {
            source.setName("OSV");
            source.setUrl("https://osv.dev/vulnerability/" + id);
        }
        return source;
    }

    /**
     * A CVSS vector keeps its method and no severity (computing a base score is out of scope); a
     * database severity word becomes the CycloneDX severity with method "other".
     */
    private static Vulnerability.Rating rating(String severity) {
        Vulnerability.Rating rating = new Vulnerability.Rating();
        Vulnerability.Source osv = new Vulnerability.Source();
        osv.setName("OSV");
        rating.setSource(osv);
        String s = severity.trim();
        if (s.startsWith("CVSS:4.0/")) {
            rating.setMethod(Vulnerability.Rating.Method.CVSSV4);
            rating.setVector(s);
        } else if (s.startsWith("CVSS:3.1/")) {
            rating.setMethod(Vulnerability.Rating.Method.CVSSV31);
            rating.setVector(s);
        } else if (s.startsWith("CVSS:3.0/")) {
            rating.setMethod(Vulnerability.Rating.Method.CVSSV3);
            rating.setVector(s);
        } else if (s.startsWith("AV:")) {
            rating.setMethod(Vulnerability.Rating.Method.CVSSV2);
            rating.setVector(s);
        } else {
            rating.setMethod(Vulnerability.Rating.Method.OTHER);
            rating.setSeverity(switch (s.toLowerCase(Locale.ROOT)) {
                case "critical" -> Vulnerability.Rating.Severity.CRITICAL;
                case "high" -> Vulnerability.Rating.Severity.HIGH;
                case "medium", "moderate" -> Vulnerability.Rating.Severity.MEDIUM;
                case "low" -> Vulnerability.Rating.Severity.LOW;
                case "none" -> Vulnerability.Rating.Severity.NONE;
                case "info", "informational" -> Vulnerability.Rating.Severity.INFO;
                default -> Vulnerability.Rating.Severity.UNKNOWN;
            });
            rating.setJustification("Severity as stated by the advisory database: " + s);
        }
        return rating;
    }
}
