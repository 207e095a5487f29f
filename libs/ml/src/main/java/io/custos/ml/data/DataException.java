package io.custos.ml.data;

/** Input data or declarations that cannot be used, with a message naming the column or line. */
public class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }
}
