package io.custos.governance.core.compliance;

import java.util.Locale;

/**
 * How much a failed rule weighs in a model's overall status. The meaning is fixed so that rule
 * authors and the people reading badges agree on it:
 * <ul>
 *   <li>{@link #ERROR}: an obligation is not met (a law, a standard's control or a hard internal
 *       policy the rule cites), so the model is {@code non_compliant} until it is fixed;</li>
 *   <li>{@link #WARNING}: evidence is missing or weak; no obligation is known to be broken, but an
 *       auditor would ask, so the model has {@code gaps};</li>
 *   <li>{@link #INFO}: advice; shown with the results but never changes the status.</li>
 * </ul>
 */
public enum Severity {
    INFO,
    WARNING,
    ERROR;

    /** The lower-case name used in rules files and JSON: {@code info}, {@code warning}, {@code error}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity named {@code text} (lower case, as written in rules files), or null if there is none. */
    static Severity fromWireName(String text) {
        for (Severity s : values()) {
            if (s.wireName().equals(text)) {
                return s;
            }
        }
        return null;
    }
}
