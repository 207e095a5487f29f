package io.custos.data.risk;

/** How urgently something needs treatment before the data leaves its controlled environment. */
public enum RiskLevel {
    LOW, MEDIUM, HIGH;

    static RiskLevel ofScore(int score) {
        return score >= RiskScoring.HIGH_FROM ? HIGH : score >= RiskScoring.MEDIUM_FROM ? MEDIUM : LOW;
    }
}
