{{/*
Chart name, used in app.kubernetes.io/name.
*/}}
{{- define "custos.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Release-wide name (ServiceAccount): the release name, suffixed with the chart name unless it already contains it.
*/}}
{{- define "custos.fullname" -}}
{{- $name := include "custos.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "custos.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Name of one service's objects (Deployment, Service, ConfigMap...): <release>-<service>.
Call with (dict "root" $ "svc" "gateway").
*/}}
{{- define "custos.serviceName" -}}
{{- printf "%s-%s" .root.Release.Name .svc | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
In-cluster base URL of one service. Call with (dict "root" $ "svc" "privacy-service").
*/}}
{{- define "custos.internalUrl" -}}
{{- printf "http://%s:8080" (include "custos.serviceName" .) -}}
{{- end -}}

{{/*
Selector labels of one service. Call with (dict "root" $ "svc" "gateway").
*/}}
{{- define "custos.selectorLabels" -}}
app.kubernetes.io/name: {{ include "custos.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .svc }}
{{- end -}}

{{/*
Labels common to every object of the release.
*/}}
{{- define "custos.commonLabels" -}}
helm.sh/chart: {{ include "custos.chart" . }}
app.kubernetes.io/name: {{ include "custos.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: custos
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/*
Full labels of one service's objects. Call with (dict "root" $ "svc" "gateway").
*/}}
{{- define "custos.labels" -}}
helm.sh/chart: {{ include "custos.chart" .root }}
{{ include "custos.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: custos
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{/*
Image reference of one service: <registry>/<repository>/<service>:<tag | default appVersion>.
*/}}
{{- define "custos.image" -}}
{{- $img := .root.Values.image -}}
{{- $tag := $img.tag | default .root.Chart.AppVersion -}}
{{- if $img.registry -}}
{{- printf "%s/%s/%s:%s" $img.registry $img.repository .svc $tag -}}
{{- else -}}
{{- printf "%s/%s:%s" $img.repository .svc $tag -}}
{{- end -}}
{{- end -}}

{{- define "custos.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "custos.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "custos.jdbcUrl" -}}
{{- $pg := .Values.postgres -}}
{{- $url := printf "jdbc:postgresql://%s:%v/%s" $pg.host (int $pg.port) $pg.database -}}
{{- if $pg.jdbcParams -}}
{{- $url = printf "%s?%s" $url $pg.jdbcParams -}}
{{- end -}}
{{- $url -}}
{{- end -}}

{{/*
Gateway route env suffix -> service. The suffixes follow the public path prefixes (/api/federated...).
*/}}
{{- define "custos.gatewayRoutes" -}}
PRIVACY: privacy-service
FEDERATED: federation-service
PACKAGING: packaging-service
GOVERNANCE: governance-service
{{- end -}}

{{/*
Service-to-service URL env name part -> service (CUSTOS_SERVICES_<X>_URL).
*/}}
{{- define "custos.serviceUrls" -}}
PRIVACY: privacy-service
FEDERATION: federation-service
PACKAGING: packaging-service
GOVERNANCE: governance-service
{{- end -}}

{{/*
Non-secret environment of one service, as ConfigMap data. Call with (dict "root" $ "svc" "gateway" "cfg" $cfg).
*/}}
{{- define "custos.configData" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $env := dict -}}
{{- $_ := set $env "QUARKUS_DATASOURCE_JDBC_URL" (include "custos.jdbcUrl" $root) -}}
{{- $_ = set $env "KAFKA_BOOTSTRAP_SERVERS" $v.kafka.bootstrapServers -}}
{{- $_ = set $env "CUSTOS_EVENTS_TOPIC_PREFIX" ($v.kafka.topicPrefix | default "") -}}
{{- $_ = set $env "MP_JWT_VERIFY_ISSUER" $v.jwt.issuer -}}
{{- $_ = set $env "MP_JWT_VERIFY_PUBLICKEY_LOCATION" "/etc/custos/jwt/jwks.json" -}}
{{- $_ = set $env "CUSTOS_INTERNAL_TOKEN_KEY_LOCATION" "/etc/custos/internal/private.pem" -}}
{{- $_ = set $env "CUSTOS_JWT_USER_KEY_IDS" (join "," ($v.jwt.userKeyIds | default (list "gateway-1"))) -}}
{{- $_ = set $env "QUARKUS_HTTP_PORT" "8080" -}}
{{- $_ = set $env "QUARKUS_LOG_CONSOLE_JSON_ENABLED" ($v.logging.json | toString) -}}
{{- /* Trace context always propagates; spans are exported only when sampled (ratio > 0). */ -}}
{{- if $v.otel.enabled -}}
{{- $_ = set $env "CUSTOS_TRACING_SAMPLE_RATIO" (($v.otel.sampleRatio | default 1.0) | toString) -}}
{{- $_ = set $env "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" $v.otel.endpoint -}}
{{- else -}}
{{- $_ = set $env "CUSTOS_TRACING_SAMPLE_RATIO" "0.0" -}}
{{- end -}}
{{- range $key, $target := (include "custos.serviceUrls" $root | fromYaml) -}}
{{- $_ = set $env (printf "CUSTOS_SERVICES_%s_URL" $key) (include "custos.internalUrl" (dict "root" $root "svc" $target)) -}}
{{- end -}}
{{- if eq .svc "privacy-service" -}}
{{- $_ = set $env "CUSTOS_PRIVACY_STORAGE_BLOB_DIR" "/var/lib/custos/datasets/blobs" -}}
{{- $_ = set $env "CUSTOS_PRIVACY_DATA_PROTECTION_FPE_KEY_FILE" "/etc/custos/fpe/fpe.key" -}}
{{- end -}}
{{- if eq .svc "governance-service" -}}
{{- $_ = set $env "CUSTOS_GOVERNANCE_SOURCES_SECRET_KEY_FILE" "/etc/custos/governance/secrets.key" -}}
{{- if $v.governance.rulesConfigMap -}}
{{- $_ = set $env "CUSTOS_GOVERNANCE_COMPLIANCE_RULES_FILES" "/etc/custos/governance-rules/rules.yaml" -}}
{{- end -}}
{{- range $k, $val := $v.governance.complianceParameters -}}
{{- $_ = set $env (printf "CUSTOS_GOVERNANCE_COMPLIANCE_PARAMETERS_%s" (upper $k)) (toString $val) -}}
{{- end -}}
{{- end -}}
{{- if eq .svc "packaging-service" -}}
{{- $_ = set $env "CUSTOS_PACKAGING_STORAGE_BUNDLE_DIR" "/var/lib/custos/bundles/bundles" -}}
{{- $_ = set $env "CUSTOS_PACKAGING_SIGNING_KEY_DIR" "/var/lib/custos/bundles/signing-keys" -}}
{{- end -}}
{{- if eq .svc "gateway" -}}
{{- $_ = set $env "CUSTOS_GATEWAY_SIGNING_KEY_LOCATION" "/etc/custos/jwt-signing/private.pem" -}}
{{- $_ = set $env "CUSTOS_GATEWAY_SIGNING_KEY_ID" ($v.jwt.signingKeyId | default "gateway-1") -}}
{{- range $key, $target := (include "custos.gatewayRoutes" $root | fromYaml) -}}
{{- $_ = set $env (printf "CUSTOS_GATEWAY_ROUTES_%s" $key) (include "custos.internalUrl" (dict "root" $root "svc" $target)) -}}
{{- end -}}
{{- end -}}
{{- range $key, $value := (.cfg.extraEnv | default dict) -}}
{{- $_ = set $env $key ($value | toString) -}}
{{- end -}}
{{- range $key := (keys $env | sortAlpha) }}
{{ $key }}: {{ get $env $key | quote }}
{{- end -}}
{{- end -}}
