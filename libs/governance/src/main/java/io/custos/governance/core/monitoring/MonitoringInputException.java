package io.custos.governance.core.monitoring;

/**
 * A profile, batch or setting that cannot be used. {@link #field()} is a path into the input
 * ({@code features[2].edges[3]}, {@code predictions.counts}) and the message names the feature and
 * says what is allowed, so that a service can turn it into a problem+json a person can act on.
 */
public class MonitoringInputException extends IllegalArgumentException {

    private final String field;

    public MonitoringInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** Where in the input the problem is. */
    public String field() {
        return field;
    }
}
