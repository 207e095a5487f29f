package io.custos.data;

/** Input that cannot be used, with a message naming the row, column or field and what is allowed. */
public class DataException extends RuntimeException {

    private final String field;

    public DataException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field, column or step the problem is about ("file" for the file as a whole). */
    public String field() {
        return field;
    }
}
