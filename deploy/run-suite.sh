#!/usr/bin/env bash
# Runs the whole Custos suite locally from the packaged jars: a Kafka broker (KRaft, from the
# Maven-resolved kafka jars) and the five services against the local PostgreSQL.
#
#   deploy/run-suite.sh start       start everything in the background, return when ready
#   deploy/run-suite.sh foreground  start, print how to log in, stop everything on Ctrl-C
#   deploy/run-suite.sh stop        stop everything this run dir started
#   deploy/run-suite.sh status      show what is running
#
# Everything is overridable through the environment (the end-to-end test uses this to run the
# suite on free ports against the test database and its own broker):
#   CUSTOS_RUN_DIR, CUSTOS_KEYS_DIR, CUSTOS_DB_URL, CUSTOS_DB_USER, CUSTOS_DB_PASSWORD,
#   CUSTOS_GATEWAY_PORT, CUSTOS_PRIVACY_PORT, CUSTOS_FEDERATION_PORT, CUSTOS_PACKAGING_PORT,
#   CUSTOS_GOVERNANCE_PORT, CUSTOS_KAFKA_PORT, CUSTOS_KAFKA_BOOTSTRAP (use an existing broker),
#   CUSTOS_ADMIN_USERNAME, CUSTOS_ADMIN_PASSWORD, CUSTOS_JAVA_OPTS
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${CUSTOS_RUN_DIR:-$ROOT/.custos/run}"
KEYS_DIR="${CUSTOS_KEYS_DIR:-$ROOT/.custos/keys}"
DB_URL="${CUSTOS_DB_URL:-jdbc:postgresql://127.0.0.1:5432/custos}"
DB_USER="${CUSTOS_DB_USER:-custos}"
DB_PASSWORD="${CUSTOS_DB_PASSWORD:-custos}"
GATEWAY_PORT="${CUSTOS_GATEWAY_PORT:-8080}"
PRIVACY_PORT="${CUSTOS_PRIVACY_PORT:-8081}"
FEDERATION_PORT="${CUSTOS_FEDERATION_PORT:-8082}"
PACKAGING_PORT="${CUSTOS_PACKAGING_PORT:-8083}"
GOVERNANCE_PORT="${CUSTOS_GOVERNANCE_PORT:-8084}"
KAFKA_PORT="${CUSTOS_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${CUSTOS_KAFKA_CONTROLLER_PORT:-9093}"
ADMIN_USERNAME="${CUSTOS_ADMIN_USERNAME:-admin}"
JAVA_OPTS="${CUSTOS_JAVA_OPTS:--Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
ISSUER="https://custos.local/gateway"
SERVICES=(privacy-service federation-service packaging-service governance-service gateway)

log() { echo "[custos] $*"; }
die() { echo "[custos] $*" >&2; exit 1; }

port_of() {
  case "$1" in
    gateway) echo "$GATEWAY_PORT" ;;
    privacy-service) echo "$PRIVACY_PORT" ;;
    federation-service) echo "$FEDERATION_PORT" ;;
    packaging-service) echo "$PACKAGING_PORT" ;;
    governance-service) echo "$GOVERNANCE_PORT" ;;
    kafka) echo "$KAFKA_PORT" ;;
  esac
}

alive() { [ -f "$RUN_DIR/$1.pid" ] && kill -0 "$(cat "$RUN_DIR/$1.pid")" 2>/dev/null; }

wait_http() { # name url seconds
  local deadline=$((SECONDS + $3))
  until curl -fsS -o /dev/null "$2" 2>/dev/null; do
    alive "$1" || die "$1 exited during start; see $RUN_DIR/$1.log"
    [ $SECONDS -lt $deadline ] || die "$1 not ready after $3 s; see $RUN_DIR/$1.log"
    sleep 0.5
  done
}

wait_port() { # name port seconds
  local deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; do
    alive "$1" || die "$1 exited during start; see $RUN_DIR/$1.log"
    [ $SECONDS -lt $deadline ] || die "$1 not listening after $3 s; see $RUN_DIR/$1.log"
    sleep 0.5
  done
}

admin_password() {
  if [ -n "${CUSTOS_ADMIN_PASSWORD:-}" ]; then echo "$CUSTOS_ADMIN_PASSWORD"; return; fi
  local f="$ROOT/.custos/admin-password"
  if [ ! -s "$f" ]; then
    mkdir -p "$(dirname "$f")"
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$f")
  fi
  cat "$f"
}

ensure_keys() {
  local cli="$ROOT/cli/target/custos.jar"
  [ -f "$cli" ] || die "missing $cli: build first (make build)"
  java -jar "$cli" keys init --dir "$KEYS_DIR" >/dev/null
}

start_kafka() {
  if [ -n "${CUSTOS_KAFKA_BOOTSTRAP:-}" ]; then
    KAFKA_BOOTSTRAP="$CUSTOS_KAFKA_BOOTSTRAP"
    return
  fi
  KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
  alive kafka && return
  local cpfile="$ROOT/test-support/target/classes/io/custos/testsupport/kafka-broker.classpath"
  [ -f "$cpfile" ] || die "missing $cpfile: build first (make build)"
  local dir="$RUN_DIR/kafka"
  mkdir -p "$dir"
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  cat > "$dir/log4j2.properties" <<PROPS
rootLogger.level = WARN
rootLogger.appenderRef.file.ref = FILE
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $RUN_DIR/kafka.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d %p %c - %m%n
PROPS
  local cp kjava
  cp="$(cat "$cpfile")"
  kjava=(java -Xms128m -Xmx512m -XX:+UseSerialGC "-Dlog4j2.configurationFile=$dir/log4j2.properties" -cp "$cp")
  if [ ! -f "$dir/data/meta.properties" ]; then
    local id
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    "${kjava[@]}" kafka.tools.StorageTool format "--cluster-id=$id" "--config=$dir/server.properties" \
      > "$RUN_DIR/kafka-format.log" 2>&1 || die "kafka storage format failed; see $RUN_DIR/kafka-format.log"
  fi
  nohup "${kjava[@]}" kafka.Kafka "$dir/server.properties" > "$RUN_DIR/kafka.out" 2>&1 &
  echo $! > "$RUN_DIR/kafka.pid"
  wait_port kafka "$KAFKA_PORT" 90
  log "kafka broker on $KAFKA_BOOTSTRAP"
}

start_service() {
  local name="$1" port
  port="$(port_of "$name")"
  alive "$name" && return
  local jar="$ROOT/$name/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || die "missing $jar: build first (make build)"
  local props=(
    "-Dquarkus.http.port=$port"
    "-Dquarkus.datasource.jdbc.url=$DB_URL"
    "-Dquarkus.datasource.username=$DB_USER"
    "-Dquarkus.datasource.password=$DB_PASSWORD"
    "-Dmp.jwt.verify.publickey.location=file:$KEYS_DIR/jwks.json"
    "-Dmp.jwt.verify.issuer=$ISSUER"
    "-Dkafka.bootstrap.servers=$KAFKA_BOOTSTRAP"
    "-Dcustos.internal-token.key-location=$KEYS_DIR/internal-private.pem"
    "-Dcustos.internal-token.key-id=internal-1"
    "-Dcustos.services.privacy-url=http://127.0.0.1:$PRIVACY_PORT"
    "-Dcustos.services.federation-url=http://127.0.0.1:$FEDERATION_PORT"
    "-Dcustos.services.packaging-url=http://127.0.0.1:$PACKAGING_PORT"
    "-Dcustos.services.governance-url=http://127.0.0.1:$GOVERNANCE_PORT"
  )
  if [ "$name" = gateway ]; then
    props+=(
      "-Dcustos.gateway.signing-key-location=$KEYS_DIR/gateway-private.pem"
      "-Dcustos.gateway.signing-key-id=gateway-1"
      "-Dcustos.gateway.routes.privacy=http://127.0.0.1:$PRIVACY_PORT"
      "-Dcustos.gateway.routes.federated=http://127.0.0.1:$FEDERATION_PORT"
      "-Dcustos.gateway.routes.packaging=http://127.0.0.1:$PACKAGING_PORT"
      "-Dcustos.gateway.routes.governance=http://127.0.0.1:$GOVERNANCE_PORT"
      "-Dcustos.gateway.bootstrap-admin.username=$ADMIN_USERNAME"
    )
    # The password goes through the environment, not the command line (visible in ps).
    export CUSTOS_GATEWAY_BOOTSTRAP_ADMIN_PASSWORD
    CUSTOS_GATEWAY_BOOTSTRAP_ADMIN_PASSWORD="$(admin_password)"
  fi
  # shellcheck disable=SC2086
  nohup java $JAVA_OPTS "${props[@]}" -jar "$jar" > "$RUN_DIR/$name.log" 2>&1 &
  echo $! > "$RUN_DIR/$name.pid"
}

start_all() {
  mkdir -p "$RUN_DIR"
  rm -f "$RUN_DIR/stopping"
  ensure_keys
  start_kafka
  # Start the services together (they are independent), then wait for each.
  for s in "${SERVICES[@]}"; do start_service "$s"; done
  for s in "${SERVICES[@]}"; do wait_http "$s" "http://127.0.0.1:$(port_of "$s")/q/health/ready" 180; done
  log "suite ready: gateway on http://localhost:$GATEWAY_PORT"
}

stop_all() {
  touch "$RUN_DIR/stopping" 2>/dev/null || true # tells a foreground run this stop was asked for
  local names=(gateway governance-service packaging-service federation-service privacy-service kafka)
  for n in "${names[@]}"; do
    if alive "$n"; then kill -TERM "$(cat "$RUN_DIR/$n.pid")" 2>/dev/null || true; fi
  done
  for n in "${names[@]}"; do
    if [ -f "$RUN_DIR/$n.pid" ]; then
      local pid; pid="$(cat "$RUN_DIR/$n.pid")"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$RUN_DIR/$n.pid"
    fi
  done
  log "stopped"
}

status_all() {
  for n in kafka "${SERVICES[@]}"; do
    if alive "$n"; then echo "$n running (pid $(cat "$RUN_DIR/$n.pid"), port $(port_of "$n"))"; else echo "$n stopped"; fi
  done
}

case "${1:-}" in
  start) start_all ;;
  stop) stop_all ;;
  status) status_all ;;
  foreground)
    trap 'stop_all; exit 0' INT TERM
    start_all
    # The database outlives .custos/: an administrator created by an earlier install keeps its password.
    login_code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://localhost:$GATEWAY_PORT/api/auth/login" \
      -H 'Content-Type: application/json' \
      -d "{\"username\":\"$ADMIN_USERNAME\",\"password\":\"$(admin_password)\"}" || true)"
    if [ "$login_code" = 401 ]; then
      log "the database already has an administrator '$ADMIN_USERNAME' whose password is not the one in" \
        ".custos/admin-password (an earlier install): set CUSTOS_ADMIN_PASSWORD to it, or start from an empty" \
        "database (drop the schemas gateway, privacy, federation, packaging, governance of database custos)"
    fi
    "$ROOT/deploy/demo-data.sh" "http://localhost:$GATEWAY_PORT" "$ADMIN_USERNAME" "$(admin_password)" || \
      log "demo data could not be loaded; the suite is still running"
    CUSTOS_DEMO_DIR="$RUN_DIR/demo-federated" bash "$ROOT/deploy/demo-federated.sh" "http://localhost:$GATEWAY_PORT" \
      "$ADMIN_USERNAME" "$(admin_password)" || log "the federated demo did not finish; the suite is still running"
    echo
    echo "Custos is ready on http://localhost:$GATEWAY_PORT"
    echo "  log in:  curl -s -X POST localhost:$GATEWAY_PORT/api/auth/login -H 'Content-Type: application/json' \\"
    echo "             -d '{\"username\":\"$ADMIN_USERNAME\",\"password\":\"$(admin_password)\"}'"
    echo "  dashboard: http://localhost:$GATEWAY_PORT/governance/ (sign in as demo-auditor)"
    echo "  (admin password kept in .custos/admin-password; logs in $RUN_DIR; Ctrl-C or 'make stop' stops everything)"
    while true; do
      if [ -f "$RUN_DIR/stopping" ]; then log "stopped by request"; exit 0; fi
      for n in kafka "${SERVICES[@]}"; do
        if [ -z "${CUSTOS_KAFKA_BOOTSTRAP:-}" ] || [ "$n" != kafka ]; then
          if ! alive "$n"; then
            [ -f "$RUN_DIR/stopping" ] && { log "stopped by request"; exit 0; }
            log "$n stopped unexpectedly; see $RUN_DIR/$n.log"; stop_all; exit 1
          fi
        fi
      done
      sleep 2
    done
    ;;
  *) die "usage: $0 start|foreground|stop|status" ;;
esac
