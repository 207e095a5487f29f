package io.custos.federated.client;

/**
 * A site's state file cannot be used: unreadable, not a state file, or the state of another
 * federation, client or local delta. The message names the file. The file is left as it is.
 */
public class ParticipantStateException extends RuntimeException {

    public ParticipantStateException(String message) {
        super(message);
    }

    public ParticipantStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
