package io.custos.governance.sources;

import java.util.Map;

/** What is sealed for one source: the credentials and the extra headers, never stored in clear. */
record SealedSecrets(String authType, String username, String password, String token, Map<String, String> headers) {
}
