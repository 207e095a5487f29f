package io.custos.data.risk;

import io.custos.data.pii.PiiType;
import java.util.EnumSet;
import java.util.Set;

/**
 * The points behind the overall score. Each factor is worth 0-100 points on its own; the score is
 * the highest factor (one direct identifier is enough to make a dataset unsafe, and several
 * medium problems do not add up to a high one). HIGH from {@value #HIGH_FROM}, MEDIUM from
 * {@value #MEDIUM_FROM}.
 *
 * <ul>
 *   <li>direct identifier PII in a column (email, phone, SSN, card, IBAN, IP address, person
 *       name): {@value #DIRECT_PII}; dates of birth only: {@value #BIRTH_DATE_PII}</li>
 *   <li>an identifier column (near-unique, not a number or date to generalise): {@value #IDENTIFIER_COLUMN}</li>
 *   <li>records unique on the quasi-identifiers: 60 + 40 x min(1, share / 10%)</li>
 *   <li>records in classes smaller than k (not unique): 25 + 50 x min(1, share / 20%)</li>
 *   <li>records in classes with a single sensitive value: 25 + 45 x min(1, share / 20%)</li>
 * </ul>
 * Prosecutor risk is scored (the attacker knows the person is in the data), the conservative
 * choice; journalist risk is reported beside it.
 */
final class RiskScoring {

    static final int HIGH_FROM = 60;
    static final int MEDIUM_FROM = 25;
    static final int DIRECT_PII = 100;
    static final int BIRTH_DATE_PII = 60;
    static final int IDENTIFIER_COLUMN = 90;

    /** PII that names or reaches a person by itself. */
    static final Set<PiiType> DIRECT = EnumSet.complementOf(EnumSet.of(PiiType.DATE_OF_BIRTH));

    /** Uniqueness from which a column identifies rows. */
    static final double NEAR_UNIQUE = 0.9;

    private RiskScoring() {
    }

    static int singletons(double share) {
        return share <= 0 ? 0 : (int) Math.round(60 + 40 * Math.min(1, share / 0.10));
    }

    static int belowK(double share) {
        return share <= 0 ? 0 : (int) Math.round(25 + 50 * Math.min(1, share / 0.20));
    }

    static int lDiversity(double share) {
        return share <= 0 ? 0 : (int) Math.round(25 + 45 * Math.min(1, share / 0.20));
    }
}
