package io.custos.governance.core.compliance;

/** The regulations and standards a rule may cite; the constant is what rules files write. */
public enum Framework {
    EU_AI_ACT("EU AI Act (Regulation (EU) 2024/1689)"),
    ISO_42001("ISO/IEC 42001:2023"),
    NIST_AI_RMF("NIST AI RMF 1.0 (NIST AI 100-1)"),
    GDPR("GDPR (Regulation (EU) 2016/679)");

    private final String displayName;

    Framework(String displayName) {
        this.displayName = displayName;
    }

    /** The full name to print in reports. */
    public String displayName() {
        return displayName;
    }

    /** The framework spelled exactly {@code text}, or null. */
    static Framework fromName(String text) {
        for (Framework f : values()) {
            if (f.name().equals(text)) {
                return f;
            }
        }
        return null;
    }
}
