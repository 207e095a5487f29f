package io.custos.governance.core.monitoring;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes known secrets (header values, a webhook's path, an SMTP password) from text before it
 * goes into a {@link DeliveryResult}: error messages from servers and libraries may echo them.
 */
final class Redactor {

    /** Shorter values are not redacted: replacing "1" everywhere would garble the message. */
    private static final int MIN_SECRET_LENGTH = 4;

    private final List<String> secrets;

    Redactor(List<String> secrets) {
        List<String> kept = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_SECRET_LENGTH) {
                kept.add(s);
            }
        }
        // Longest first, so that a secret containing another is removed whole.
        kept.sort((a, b) -> Integer.compare(b.length(), a.length()));
        this.secrets = List.copyOf(kept);
    }

    String clean(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "***");
        }
        return out;
    }
}
