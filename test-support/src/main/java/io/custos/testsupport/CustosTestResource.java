package io.custos.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at real parts: the shared child-JVM Kafka broker, the
 * machine's PostgreSQL test database, and this JVM's generated JWT keys.
 */
public class CustosTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        KafkaBroker broker = KafkaBroker.shared();
        TestKeys keys = TestKeys.shared();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", TestDatabase.url());
        config.put("quarkus.datasource.username", TestDatabase.user());
        config.put("quarkus.datasource.password", TestDatabase.password());
        config.put("mp.jwt.verify.publickey.location", keys.jwks().toUri().toString());
        config.put("mp.jwt.verify.issuer", TestKeys.ISSUER);
        config.put("custos.internal-token.key-location", keys.internalPrivateKey().toString());
        config.put("custos.internal-token.key-id", TestKeys.INTERNAL_KID);
        config.put("custos.jwt.user-key-ids", TestKeys.GATEWAY_KID);
        config.put("custos.gateway.signing-key-location", keys.gatewayPrivateKey().toString());
        config.put("custos.gateway.signing-key-id", TestKeys.GATEWAY_KID);
        return config;
    }

    @Override
    public void stop() {
        // The broker is shared by every test class of the JVM; its shutdown hook stops it.
    }
}
