package io.custos.gateway.rest;

/** Request and response bodies of {@code /api/auth}. */
public final class AuthDtos {

    private AuthDtos() {
    }

    public record LoginRequest(String username, String password) {
        @Override
        public String toString() {
            return "LoginRequest[" + username + "]"; // never the password
        }
    }

    public record RefreshRequest(String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[***]";
        }
    }

    public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken) {
    }

    /** Body of {@code POST /api/auth/token}: a machine's API key. */
    public record ApiKeyExchangeRequest(String apiKey) {
        @Override
        public String toString() {
            return "ApiKeyExchangeRequest[***]";
        }
    }

    /** An access token without a refresh token: a machine exchanges its API key again instead. */
    public record AccessTokenResponse(String accessToken, String tokenType, long expiresIn) {
    }
}
