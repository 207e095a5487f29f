package io.custos.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lints and renders the chart with helm-java (the Helm library through JNI: no helm binary,
 * no cluster) and checks the rendered manifests against the deployment contract.
 */
class CustosChartTest {

  static final Path CHART = Path.of(System.getProperty("custos.chart.dir", "custos")).toAbsolutePath();
  static final String RELEASE = "acme";
  static final String NAMESPACE = "custos-test";
  static final List<String> SERVICES = List.of(
      "gateway", "privacy-service", "federation-service", "packaging-service", "governance-service");
  static final String APP_VERSION = "0.1.0";

  static final YAMLMapper YAML = new YAMLMapper();

  @TempDir
  Path tmp;

  // ---------------------------------------------------------------- lint

  @Test
  void lintPassesInStrictModeWithoutErrorsOrWarnings() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertFalse(result.isFailed(), () -> "helm lint failed: " + result.getMessages());
    for (String message : result.getMessages()) {
      assertFalse(message.contains("[ERROR]") || message.contains("[WARNING]"), message);
    }
  }

  // ---------------------------------------------------------------- default render

  @Test
  void defaultRenderHasFiveDeploymentsServicesAndConfigMapsAndNothingOptional() throws IOException {
    Rendered r = render("");
    assertEquals(names(SERVICES, ""), r.names("Deployment"));
    assertEquals(names(SERVICES, ""), r.names("Service"));
    assertEquals(names(SERVICES, "-env"), r.names("ConfigMap"));
    assertEquals(Set.of(RELEASE + "-custos"), r.names("ServiceAccount"));
    assertFalse(r.one("ServiceAccount", RELEASE + "-custos").path("automountServiceAccountToken").asBoolean(true));
    assertEquals(Set.of(), r.names("Ingress"), "no Ingress by default");
    assertEquals(Set.of(), r.names("PodDisruptionBudget"));
    assertEquals(Set.of(), r.names("NetworkPolicy"));
    assertEquals(Set.of(), r.names("Secret"), "the chart must not create Secrets by default");
    Set<String> kinds = r.docs.stream().map(d -> d.path("kind").asText()).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(List.of("ConfigMap", "Deployment", "PersistentVolumeClaim", "Service",
        "ServiceAccount")), kinds);

    for (String svc : SERVICES) {
      JsonNode service = r.one("Service", RELEASE + "-" + svc);
      assertEquals("ClusterIP", service.at("/spec/type").asText());
      JsonNode port = service.at("/spec/ports/0");
      assertEquals(8080, port.path("port").asInt());
      assertEquals("http", port.path("targetPort").asText());

      JsonNode deployment = r.one("Deployment", RELEASE + "-" + svc);
      JsonNode container = onlyContainer(deployment);
      assertEquals("http", container.at("/ports/0/name").asText());
      assertEquals(8080, container.at("/ports/0/containerPort").asInt());
      // the Service selects exactly this Deployment's pods
      JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
      service.at("/spec/selector").fields().forEachRemaining(e ->
          assertEquals(e.getValue().asText(), podLabels.path(e.getKey()).asText(), svc + " selector " + e.getKey()));
      assertEquals(svc, podLabels.path("app.kubernetes.io/component").asText());

      for (JsonNode obj : List.of(service, deployment, r.one("ConfigMap", RELEASE + "-" + svc + "-env"))) {
        JsonNode labels = obj.at("/metadata/labels");
        assertEquals("custos", labels.path("app.kubernetes.io/name").asText());
        assertEquals(RELEASE, labels.path("app.kubernetes.io/instance").asText());
        assertEquals(svc, labels.path("app.kubernetes.io/component").asText());
        assertEquals("custos", labels.path("app.kubernetes.io/part-of").asText());
        assertEquals("Helm", labels.path("app.kubernetes.io/managed-by").asText());
      }
      assertEquals("docker.io/custos/" + svc + ":" + APP_VERSION, container.path("image").asText());
      assertEquals("IfNotPresent", container.path("imagePullPolicy").asText());
      assertEquals(svc.equals("gateway") ? 2 : 1, deployment.at("/spec/replicas").asInt());
    }
  }

  @Test
  void everyPodAndContainerIsRestrictedProbedAndResourced() throws IOException {
    Rendered r = render("");
    for (String svc : SERVICES) {
      JsonNode deployment = r.one("Deployment", RELEASE + "-" + svc);
      JsonNode pod = deployment.at("/spec/template/spec");
      assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), svc);
      assertEquals(RELEASE + "-custos", pod.path("serviceAccountName").asText(), svc);
      JsonNode psc = pod.path("securityContext");
      assertTrue(psc.path("runAsNonRoot").asBoolean(), svc);
      assertEquals(185, psc.path("runAsUser").asInt(), svc);
      assertEquals(185, psc.path("fsGroup").asInt(), svc);
      assertEquals("RuntimeDefault", psc.at("/seccompProfile/type").asText(), svc);

      List<JsonNode> containers = list(pod.path("containers"));
      containers.addAll(list(pod.path("initContainers")));
      assertFalse(containers.isEmpty());
      for (JsonNode c : containers) {
        String where = svc + "/" + c.path("name").asText();
        JsonNode csc = c.path("securityContext");
        assertFalse(csc.path("allowPrivilegeEscalation").asBoolean(true), where);
        assertTrue(csc.path("readOnlyRootFilesystem").asBoolean(), where);
        assertTrue(csc.path("runAsNonRoot").asBoolean(psc.path("runAsNonRoot").asBoolean()), where);
        assertEquals(List.of("ALL"), texts(csc.at("/capabilities/drop")), where);

        assertProbe(c.path("livenessProbe"), "/q/health/live", where);
        assertProbe(c.path("readinessProbe"), "/q/health/ready", where);
        assertProbe(c.path("startupProbe"), "/q/health/started", where);

        JsonNode res = c.path("resources");
        for (String field : List.of("/requests/cpu", "/requests/memory", "/limits/memory", "/limits/cpu")) {
          assertFalse(res.at(field).asText().isBlank(), where + " resources" + field);
        }
        JsonNode tmpMount = find(c.path("volumeMounts"), "mountPath", "/tmp");
        assertNotNull(tmpMount, where + " needs a writable /tmp");
        JsonNode tmpVolume = find(pod.path("volumes"), "name", tmpMount.path("name").asText());
        assertTrue(tmpVolume.has("emptyDir"), where + " /tmp is an emptyDir");
      }
    }
  }

  @Test
  void secretsAreOnlyReferencedBySecretKeyRefAndSecretVolumes() throws IOException {
    Rendered r = render("");
    assertEquals(Set.of(), r.names("Secret"));
    for (String svc : SERVICES) {
      JsonNode deployment = r.one("Deployment", RELEASE + "-" + svc);
      JsonNode pod = deployment.at("/spec/template/spec");
      JsonNode c = onlyContainer(deployment);
      assertSecretKeyRef(c, "QUARKUS_DATASOURCE_USERNAME", "custos-db-app", "username");
      assertSecretKeyRef(c, "QUARKUS_DATASOURCE_PASSWORD", "custos-db-app", "password");
      for (JsonNode e : c.path("env")) {
        assertFalse(e.has("value"), svc + ": literal env values belong in the ConfigMap: " + e);
      }
      assertSecretMount(pod, c, "/etc/custos/jwt", "custos-jwt", "jwks.json");
      assertSecretMount(pod, c, "/etc/custos/internal", "custos-internal-token", "private.pem");
      if (svc.equals("privacy-service")) {
        assertSecretMount(pod, c, "/etc/custos/fpe", "custos-fpe-key", "fpe.key");
      } else {
        assertEquals(null, find(c.path("volumeMounts"), "mountPath", "/etc/custos/fpe"), svc);
      }
      if (svc.equals("gateway")) {
        assertSecretMount(pod, c, "/etc/custos/jwt-signing", "custos-jwt-signing", "private.pem");
        assertSecretKeyRef(c, "CUSTOS_GATEWAY_BOOTSTRAP_ADMIN_USERNAME", "custos-bootstrap-admin", "username");
        assertSecretKeyRef(c, "CUSTOS_GATEWAY_BOOTSTRAP_ADMIN_PASSWORD", "custos-bootstrap-admin", "password");
      } else {
        assertEquals(null, find(c.path("volumeMounts"), "mountPath", "/etc/custos/jwt-signing"),
            svc + " must not see the gateway's signing key");
        assertEquals(null, find(c.path("env"), "name", "CUSTOS_GATEWAY_BOOTSTRAP_ADMIN_PASSWORD"), svc);
      }
      // the ConfigMap holds no credentials
      JsonNode data = r.one("ConfigMap", RELEASE + "-" + svc + "-env").path("data");
      data.fieldNames().forEachRemaining(k ->
          assertFalse(k.contains("PASSWORD") || k.contains("USERNAME"), svc + " ConfigMap key " + k));
    }
  }

  @Test
  void defaultEnvironmentMatchesTheContract() throws IOException {
    Rendered r = render("");
    for (String svc : SERVICES) {
      Map<String, String> env = r.env(svc);
      assertEquals("jdbc:postgresql://custos-db-rw:5432/custos", env.get("QUARKUS_DATASOURCE_JDBC_URL"), svc);
      assertEquals("custos-kafka-kafka-bootstrap:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"), svc);
      assertEquals("", env.get("CUSTOS_EVENTS_TOPIC_PREFIX"), svc);
      assertEquals("https://custos.local/gateway", env.get("MP_JWT_VERIFY_ISSUER"), svc);
      assertEquals("/etc/custos/jwt/jwks.json", env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), svc);
      assertEquals("/etc/custos/internal/private.pem", env.get("CUSTOS_INTERNAL_TOKEN_KEY_LOCATION"), svc);
      assertEquals("true", env.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"), svc);
      assertEquals("0.0", env.get("CUSTOS_TRACING_SAMPLE_RATIO"), svc);
      assertEquals("8080", env.get("QUARKUS_HTTP_PORT"), svc + " listens where the Service and probes point");
      assertEquals("gateway-1", env.get("CUSTOS_JWT_USER_KEY_IDS"), svc);
      assertFalse(env.containsKey("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), svc);
      assertEquals("http://acme-privacy-service:8080", env.get("CUSTOS_SERVICES_PRIVACY_URL"), svc);
      assertEquals("http://acme-federation-service:8080", env.get("CUSTOS_SERVICES_FEDERATION_URL"), svc);
      assertEquals("http://acme-packaging-service:8080", env.get("CUSTOS_SERVICES_PACKAGING_URL"), svc);
      assertEquals("http://acme-governance-service:8080", env.get("CUSTOS_SERVICES_GOVERNANCE_URL"), svc);
      assertEquals("<secret>", env.get("QUARKUS_DATASOURCE_USERNAME"), svc);
      assertEquals("<secret>", env.get("QUARKUS_DATASOURCE_PASSWORD"), svc);
      if (svc.equals("gateway")) {
        assertEquals("/etc/custos/jwt-signing/private.pem", env.get("CUSTOS_GATEWAY_SIGNING_KEY_LOCATION"));
        assertEquals("gateway-1", env.get("CUSTOS_GATEWAY_SIGNING_KEY_ID"));
        assertEquals("http://acme-privacy-service:8080", env.get("CUSTOS_GATEWAY_ROUTES_PRIVACY"));
        assertEquals("http://acme-federation-service:8080", env.get("CUSTOS_GATEWAY_ROUTES_FEDERATED"));
        assertEquals("http://acme-packaging-service:8080", env.get("CUSTOS_GATEWAY_ROUTES_PACKAGING"));
        assertEquals("http://acme-governance-service:8080", env.get("CUSTOS_GATEWAY_ROUTES_GOVERNANCE"));
        assertEquals("<secret>", env.get("CUSTOS_GATEWAY_BOOTSTRAP_ADMIN_USERNAME"));
        assertEquals("<secret>", env.get("CUSTOS_GATEWAY_BOOTSTRAP_ADMIN_PASSWORD"));
      } else {
        env.keySet().forEach(k -> assertFalse(k.startsWith("CUSTOS_GATEWAY_"), svc + " has " + k));
      }
    }
    // the routes point at Services this release really renders
    for (String url : r.env("gateway").entrySet().stream()
        .filter(e -> e.getKey().startsWith("CUSTOS_GATEWAY_ROUTES_")).map(Map.Entry::getValue).toList()) {
      String host = url.substring("http://".length(), url.lastIndexOf(':'));
      r.one("Service", host);
    }
  }

  @Test
  void privacyServiceKeepsDatasetsOnAClaimThatOutlivesTheRelease() throws IOException {
    Rendered r = render("");
    JsonNode pvc = r.one("PersistentVolumeClaim", RELEASE + "-privacy-service-datasets");
    assertEquals("keep", pvc.at("/metadata/annotations/helm.sh~1resource-policy").asText());
    assertEquals("20Gi", pvc.at("/spec/resources/requests/storage").asText());
    assertEquals("ReadWriteOnce", pvc.at("/spec/accessModes/0").asText());
    JsonNode deployment = r.one("Deployment", RELEASE + "-privacy-service");
    JsonNode mount = find(onlyContainer(deployment).path("volumeMounts"), "mountPath", "/var/lib/custos/datasets");
    assertNotNull(mount);
    JsonNode volume = find(deployment.at("/spec/template/spec/volumes"), "name", mount.path("name").asText());
    assertEquals(RELEASE + "-privacy-service-datasets", volume.at("/persistentVolumeClaim/claimName").asText());
    assertEquals("/var/lib/custos/datasets/blobs", r.env("privacy-service").get("CUSTOS_PRIVACY_STORAGE_BLOB_DIR"));
    assertEquals("/etc/custos/fpe/fpe.key",
        r.env("privacy-service").get("CUSTOS_PRIVACY_DATA_PROTECTION_FPE_KEY_FILE"));
    assertFalse(r.env("gateway").containsKey("CUSTOS_PRIVACY_STORAGE_BLOB_DIR"));

    Rendered existing = render("datasetStorage:\n  existingClaim: shared-datasets\n  size: 1Gi\n"
        + "  accessMode: ReadWriteMany\n");
    assertEquals(Set.of(RELEASE + "-packaging-service-bundles"), existing.names("PersistentVolumeClaim"));
    JsonNode d2 = existing.one("Deployment", RELEASE + "-privacy-service");
    assertNotNull(find(d2.at("/spec/template/spec/volumes"), "name", "datasets"));
    assertEquals("shared-datasets",
        find(d2.at("/spec/template/spec/volumes"), "name", "datasets").at("/persistentVolumeClaim/claimName").asText());
  }

  @Test
  void packagingServiceKeepsBundlesAndSigningKeysOnAClaimThatOutlivesTheRelease() throws IOException {
    Rendered r = render("");
    JsonNode pvc = r.one("PersistentVolumeClaim", RELEASE + "-packaging-service-bundles");
    assertEquals("keep", pvc.at("/metadata/annotations/helm.sh~1resource-policy").asText());
    assertEquals("10Gi", pvc.at("/spec/resources/requests/storage").asText());
    JsonNode deployment = r.one("Deployment", RELEASE + "-packaging-service");
    JsonNode mount = find(onlyContainer(deployment).path("volumeMounts"), "mountPath", "/var/lib/custos/bundles");
    assertNotNull(mount);
    assertFalse(mount.path("readOnly").asBoolean(), "rotation writes the key ring");
    JsonNode volume = find(deployment.at("/spec/template/spec/volumes"), "name", mount.path("name").asText());
    assertEquals(RELEASE + "-packaging-service-bundles", volume.at("/persistentVolumeClaim/claimName").asText());
    assertEquals("/var/lib/custos/bundles/bundles", r.env("packaging-service").get("CUSTOS_PACKAGING_STORAGE_BUNDLE_DIR"));
    assertEquals("/var/lib/custos/bundles/signing-keys", r.env("packaging-service").get("CUSTOS_PACKAGING_SIGNING_KEY_DIR"));
    assertFalse(r.env("privacy-service").containsKey("CUSTOS_PACKAGING_SIGNING_KEY_DIR"));
    assertNull(find(onlyContainer(r.one("Deployment", RELEASE + "-privacy-service")).path("volumeMounts"), "mountPath",
        "/var/lib/custos/bundles"));

    Rendered existing = render("bundleStorage:\n  existingClaim: shared-bundles\n");
    assertEquals(Set.of(RELEASE + "-privacy-service-datasets"), existing.names("PersistentVolumeClaim"));
    JsonNode d2 = existing.one("Deployment", RELEASE + "-packaging-service");
    assertEquals("shared-bundles",
        find(d2.at("/spec/template/spec/volumes"), "name", "bundles").at("/persistentVolumeClaim/claimName").asText());
  }

  @Test
  void governanceServiceGetsItsSecretKeyAndOptionalOperatorRules() throws IOException {
    Rendered r = render("");
    JsonNode deployment = r.one("Deployment", RELEASE + "-governance-service");
    JsonNode c = onlyContainer(deployment);
    assertSecretMount(deployment.at("/spec/template/spec"), c, "/etc/custos/governance", "custos-governance-secrets",
        "secrets.key");
    assertEquals("/etc/custos/governance/secrets.key",
        r.env("governance-service").get("CUSTOS_GOVERNANCE_SOURCES_SECRET_KEY_FILE"));
    assertNull(r.env("governance-service").get("CUSTOS_GOVERNANCE_COMPLIANCE_RULES_FILES"));
    assertNull(find(c.path("volumeMounts"), "mountPath", "/etc/custos/governance-rules"));

    Rendered withRules = render("governance:\n  rulesConfigMap: acme-rules\n  complianceParameters:\n    max_epsilon: 3\n");
    JsonNode d2 = withRules.one("Deployment", RELEASE + "-governance-service");
    assertNotNull(find(onlyContainer(d2).path("volumeMounts"), "mountPath", "/etc/custos/governance-rules"));
    assertEquals("acme-rules", find(d2.at("/spec/template/spec/volumes"), "name", "governance-rules")
        .at("/configMap/name").asText());
    assertEquals("/etc/custos/governance-rules/rules.yaml",
        withRules.env("governance-service").get("CUSTOS_GOVERNANCE_COMPLIANCE_RULES_FILES"));
    assertEquals("3", withRules.env("governance-service").get("CUSTOS_GOVERNANCE_COMPLIANCE_PARAMETERS_MAX_EPSILON"));
  }

  // ---------------------------------------------------------------- overridden values

  @Test
  void overriddenValuesAreApplied() throws IOException {
    Rendered r = render("""
        image:
          registry: registry.example.org
          repository: team/custos
          tag: "1.2.3"
          pullPolicy: Always
        postgres:
          host: pg.db.svc
          port: 6432
          database: custos_prod
          jdbcParams: sslmode=verify-full
          existingSecret: pg-creds
        kafka:
          bootstrapServers: kafka-0:9093,kafka-1:9093
          topicPrefix: "prod."
        jwt:
          issuer: https://custos.example.com/gateway
        logging:
          json: false
        otel:
          enabled: true
          sampleRatio: 0.25
          endpoint: http://collector.obs:4317
        ingress:
          enabled: true
          className: traefik
          host: custos.example.com
          annotations:
            cert-manager.io/cluster-issuer: letsencrypt
          tls:
            enabled: true
            secretName: custos-example-tls
        services:
          privacy-service:
            replicas: 3
            extraEnv:
              CUSTOS_PRIVACY_MAX_UPLOAD_MB: 64
        """);
    assertEquals(names(SERVICES, ""), r.names("Deployment"));
    assertEquals(3, r.one("Deployment", "acme-privacy-service").at("/spec/replicas").asInt());
    assertEquals(2, r.one("Deployment", "acme-gateway").at("/spec/replicas").asInt());
    for (String svc : SERVICES) {
      JsonNode c = onlyContainer(r.one("Deployment", RELEASE + "-" + svc));
      assertEquals("registry.example.org/team/custos/" + svc + ":1.2.3", c.path("image").asText());
      assertEquals("Always", c.path("imagePullPolicy").asText());
      assertSecretKeyRef(c, "QUARKUS_DATASOURCE_PASSWORD", "pg-creds", "password");
      Map<String, String> env = r.env(svc);
      assertEquals("jdbc:postgresql://pg.db.svc:6432/custos_prod?sslmode=verify-full",
          env.get("QUARKUS_DATASOURCE_JDBC_URL"));
      assertEquals("kafka-0:9093,kafka-1:9093", env.get("KAFKA_BOOTSTRAP_SERVERS"));
      assertEquals("prod.", env.get("CUSTOS_EVENTS_TOPIC_PREFIX"));
      assertEquals("https://custos.example.com/gateway", env.get("MP_JWT_VERIFY_ISSUER"));
      assertEquals("false", env.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"));
      assertEquals("0.25", env.get("CUSTOS_TRACING_SAMPLE_RATIO"));
      assertEquals("http://collector.obs:4317", env.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    }
    assertEquals("64", r.env("privacy-service").get("CUSTOS_PRIVACY_MAX_UPLOAD_MB"));
    assertFalse(r.env("gateway").containsKey("CUSTOS_PRIVACY_MAX_UPLOAD_MB"));

    assertEquals(Set.of("acme-gateway"), r.names("Ingress"), "exactly one Ingress, for the gateway");
    JsonNode ingress = r.one("Ingress", "acme-gateway");
    assertEquals("traefik", ingress.at("/spec/ingressClassName").asText());
    assertEquals("letsencrypt", ingress.at("/metadata/annotations/cert-manager.io~1cluster-issuer").asText());
    assertEquals("custos.example.com", ingress.at("/spec/tls/0/hosts/0").asText());
    assertEquals("custos-example-tls", ingress.at("/spec/tls/0/secretName").asText());
    List<JsonNode> rules = list(ingress.at("/spec/rules"));
    assertEquals(1, rules.size());
    assertEquals("custos.example.com", rules.get(0).path("host").asText());
    for (JsonNode path : rules.get(0).at("/http/paths")) {
      JsonNode backend = path.at("/backend/service");
      assertEquals("acme-gateway", backend.path("name").asText());
      r.one("Service", backend.path("name").asText());
      assertEquals("http", backend.at("/port/name").asText());
    }
    // a config change rolls the pods: the checksum annotation follows the ConfigMap
    assertFalse(render("").one("Deployment", "acme-gateway").at("/spec/template/metadata/annotations/checksum~1config").asText()
        .equals(r.one("Deployment", "acme-gateway").at("/spec/template/metadata/annotations/checksum~1config").asText()));
  }

  @Test
  void podDisruptionBudgetsAndNetworkPoliciesAreBehindFlags() throws IOException {
    Rendered r = render("""
        podDisruptionBudget:
          enabled: true
        networkPolicy:
          enabled: true
        """);
    assertEquals(names(SERVICES, ""), r.names("PodDisruptionBudget"));
    assertEquals(names(SERVICES, ""), r.names("NetworkPolicy"));
    for (String svc : SERVICES) {
      JsonNode pdb = r.one("PodDisruptionBudget", RELEASE + "-" + svc);
      assertEquals(1, pdb.at("/spec/maxUnavailable").asInt());
      assertEquals(svc, pdb.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText());

      JsonNode np = r.one("NetworkPolicy", RELEASE + "-" + svc);
      assertEquals(svc, np.at("/spec/podSelector/matchLabels/app.kubernetes.io~1component").asText());
      assertEquals(List.of("Ingress"), texts(np.at("/spec/policyTypes")));
      List<JsonNode> rules = list(np.at("/spec/ingress"));
      assertEquals(1, rules.size());
      assertEquals(8080, rules.get(0).at("/ports/0/port").asInt());
      List<JsonNode> from = list(rules.get(0).path("from"));
      assertEquals(1, from.size(), svc + ": " + from);
      if (svc.equals("gateway")) {
        assertEquals("ingress-nginx",
            from.get(0).at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText());
        assertFalse(from.get(0).has("podSelector"));
      } else {
        assertFalse(from.get(0).has("namespaceSelector"), "internal services are not reachable from other namespaces");
        assertEquals(RELEASE, from.get(0).at("/podSelector/matchLabels/app.kubernetes.io~1instance").asText());
        assertEquals("custos", from.get(0).at("/podSelector/matchLabels/app.kubernetes.io~1part-of").asText());
      }
    }
  }

  @Test
  void secretsAreCreatedOnlyWhenFlagIsSetAndContentIsSupplied() throws IOException {
    String content = """
        secretData:
          postgres:
            username: custos
            password: dev-only
          jwt:
            jwks.json: '{"keys":[]}'
          jwtSigning:
            private.pem: |
              -----BEGIN PRIVATE KEY-----
              MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
              -----END PRIVATE KEY-----
        """;
    assertEquals(Set.of(), render(content).names("Secret"), "content alone must not create Secrets");
    Rendered r = render("createSecrets: true\n" + content);
    assertEquals(Set.of("custos-db-app", "custos-jwt", "custos-jwt-signing"), r.names("Secret"));
    assertEquals("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
        r.one("Secret", "custos-jwt-signing").at("/stringData/private.pem").asText(), "multi-line PEM survives");
    assertEquals("dev-only", r.one("Secret", "custos-db-app").at("/stringData/password").asText());
    assertEquals("{\"keys\":[]}", r.one("Secret", "custos-jwt").at("/stringData/jwks.json").asText());
    assertEquals(Set.of(), render("createSecrets: true\n").names("Secret"), "flag alone must not create Secrets");
  }

  // ---------------------------------------------------------------- schema

  /** An invalid override and the field path the schema error must name. */
  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("services:\n  gateway:\n    replicas: 0\n", "services.gateway.replicas"),
        Arguments.of("services:\n  governance-service:\n    replicas: two\n", "services.governance-service.replicas"),
        Arguments.of("bogusTopLevelKey: 1\n", "bogusTopLevelKey"),
        Arguments.of("image:\n  pullPolicy: Sometimes\n", "image.pullPolicy"),
        Arguments.of("postgres:\n  port: 70000\n", "postgres.port"),
        Arguments.of("services:\n  packaging-service:\n    resources:\n      requests:\n        cpu: lots\n",
            "services.packaging-service.resources.requests.cpu"),
        Arguments.of("services:\n  privacy-service:\n    resources:\n      limits: null\n",
            "services.privacy-service.resources: limits is required"),
        Arguments.of("ingress:\n  enabled: true\n  host: \"\"\n", "ingress.host"),
        Arguments.of("datasetStorage:\n  accessMode: ReadManyTimes\n", "datasetStorage.accessMode"));
  }

  @ParameterizedTest(name = "[{index}] template rejects {1}")
  @MethodSource("invalidValues")
  void templateRejectsInvalidValuesNamingTheField(String override, String field) throws IOException {
    Path values = Files.writeString(tmp.resolve("bad-values.yaml"), override);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(values).call());
    assertSchemaFailure(e.getMessage(), field);
  }

  @ParameterizedTest(name = "[{index}] lint rejects {1}")
  @MethodSource("invalidValues")
  void lintRejectsAChartWhoseValuesBreakTheSchema(String override, String field) throws IOException {
    Path copy = copyChart(tmp.resolve("custos"));
    ObjectNode values = (ObjectNode) YAML.readTree(copy.resolve("values.yaml").toFile());
    merge(values, YAML.readTree(override));
    YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
    LintResult result = new Helm(copy).lint().call();
    assertTrue(result.isFailed(), () -> "lint should fail for " + override + ": " + result.getMessages());
    assertSchemaFailure(String.join("\n", result.getMessages()), field);
  }

  private static void assertSchemaFailure(String message, String field) {
    assertNotNull(message);
    assertTrue(message.toLowerCase().contains("schema"), () -> "not a schema failure: " + message);
    assertTrue(message.contains(field), () -> "message does not name '" + field + "': " + message);
  }

  // ---------------------------------------------------------------- helpers

  /** Renders the chart with release "acme", overriding the defaults with the given YAML. */
  private Rendered render(String overrideYaml) throws IOException {
    Path values = Files.createTempFile(tmp, "values-", ".yaml");
    Files.writeString(values, overrideYaml.isBlank() ? "{}\n" : overrideYaml);
    String out = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(values).call();
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && doc.isObject() && doc.has("kind")) {
          docs.add(doc);
        }
      }
    }
    assertFalse(docs.isEmpty(), "nothing rendered");
    for (JsonNode doc : docs) {
      assertFalse(doc.at("/metadata/name").asText().isBlank(), "unnamed " + doc.path("kind"));
    }
    return new Rendered(docs);
  }

  record Rendered(List<JsonNode> docs) {
    Set<String> names(String kind) {
      return docs.stream().filter(d -> kind.equals(d.path("kind").asText()))
          .map(d -> d.at("/metadata/name").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    JsonNode one(String kind, String name) {
      List<JsonNode> found = docs.stream()
          .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.at("/metadata/name").asText()))
          .toList();
      assertEquals(1, found.size(), () -> "expected exactly one " + kind + " " + name + ", have " + names(kind));
      return found.get(0);
    }

    /** The container's effective environment: envFrom ConfigMaps, then env (secret refs shown as "<secret>"). */
    Map<String, String> env(String svc) {
      JsonNode c = onlyContainer(one("Deployment", RELEASE + "-" + svc));
      Map<String, String> env = new LinkedHashMap<>();
      for (JsonNode from : c.path("envFrom")) {
        assertTrue(from.has("configMapRef"), svc + " envFrom " + from);
        one("ConfigMap", from.at("/configMapRef/name").asText()).path("data").fields()
            .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      }
      Set<String> seen = new TreeSet<>();
      for (JsonNode e : c.path("env")) {
        String name = e.path("name").asText();
        assertTrue(seen.add(name), svc + ": duplicate env " + name);
        env.put(name, e.has("valueFrom") ? "<secret>" : e.path("value").asText());
      }
      return env;
    }
  }

  private static JsonNode onlyContainer(JsonNode deployment) {
    JsonNode containers = deployment.at("/spec/template/spec/containers");
    assertEquals(1, containers.size(), deployment.at("/metadata/name").asText());
    return containers.get(0);
  }

  private static void assertProbe(JsonNode probe, String path, String where) {
    assertFalse(probe.isMissingNode(), where + " lacks a probe on " + path);
    assertEquals(path, probe.at("/httpGet/path").asText(), where);
    String port = probe.at("/httpGet/port").asText();
    assertTrue(port.equals("http") || port.equals("8080"), where + " probe port " + port);
  }

  private static void assertSecretKeyRef(JsonNode container, String env, String secret, String key) {
    JsonNode e = find(container.path("env"), "name", env);
    assertNotNull(e, "missing env " + env);
    assertFalse(e.has("value"), env + " must not carry a literal value");
    assertEquals(secret, e.at("/valueFrom/secretKeyRef/name").asText(), env);
    assertEquals(key, e.at("/valueFrom/secretKeyRef/key").asText(), env);
  }

  private static void assertSecretMount(JsonNode pod, JsonNode container, String mountPath, String secret, String key) {
    JsonNode mount = find(container.path("volumeMounts"), "mountPath", mountPath);
    assertNotNull(mount, "no mount at " + mountPath);
    assertTrue(mount.path("readOnly").asBoolean(), mountPath + " must be read-only");
    JsonNode volume = find(pod.path("volumes"), "name", mount.path("name").asText());
    assertEquals(secret, volume.at("/secret/secretName").asText(), mountPath);
    assertNotNull(find(volume.at("/secret/items"), "key", key), mountPath + " lacks key " + key);
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (value.equals(n.path(field).asText())) {
        return n;
      }
    }
    return null;
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static List<String> texts(JsonNode array) {
    return list(array).stream().map(JsonNode::asText).toList();
  }

  private static Set<String> names(List<String> services, String suffix) {
    return services.stream().map(s -> RELEASE + "-" + s + suffix).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Path copyChart(Path target) throws IOException {
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path p : files.toList()) {
        Path dest = target.resolve(CHART.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
    return target;
  }

  /** Deep-merges src into target, as Helm does for values files (null removes a key). */
  private static void merge(ObjectNode target, JsonNode src) {
    Iterator<Map.Entry<String, JsonNode>> it = src.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = target.get(e.getKey());
      if (e.getValue().isNull()) {
        target.remove(e.getKey());
      } else if (existing instanceof ObjectNode o && e.getValue().isObject()) {
        merge(o, e.getValue());
      } else {
        target.set(e.getKey(), e.getValue());
      }
    }
  }
}
