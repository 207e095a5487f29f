package io.custos.ml.model;

import java.util.Locale;

/** The model families Custos trains on tabular data (binary classification). */
public enum ModelType {
    LOGISTIC, SVM, MLP;

    public static ModelType parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("model must be one of logistic, svm, mlp; was " + s);
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
