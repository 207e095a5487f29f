package io.custos.data.pii;

/** The kinds of personal data the {@link PiiScanner} recognises. */
public enum PiiType {
    EMAIL, PHONE, SSN, CREDIT_CARD, IBAN, IP_ADDRESS, DATE_OF_BIRTH, PERSON_NAME
}
