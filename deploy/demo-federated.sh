#!/usr/bin/env bash
# Federated learning demo on a running suite, through the gateway, as three sites would do it:
# an admin declares a federation over UCI Adult's public schema, registers three sites' Ed25519
# keys and gives each site an API key; three `custos fl join` processes (one per site, each with its
# own slice of data/adult_labeled.csv, which never leaves it) train the model together; the final
# global model is then signed into a bundle by packaging-service and inventoried by governance.
#   deploy/demo-federated.sh GATEWAY_URL ADMIN_USERNAME ADMIN_PASSWORD
# Environment: CUSTOS_DEMO_DIR (work files; default .custos/run/demo-federated),
#   CUSTOS_DEMO_FL_TIMEOUT (seconds the federation may take; default 180).
# Every run creates a new federation (the name carries the time), so running it again is fine.
set -euo pipefail
GW="$1"; ADMIN="$2"; ADMIN_PASSWORD="$3"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI="$ROOT/cli/target/custos.jar"
DATA="$ROOT/data/adult_labeled.csv"
NAME="adult-demo-$(date +%Y%m%d-%H%M%S)-$$"
DIR="${CUSTOS_DEMO_DIR:-$ROOT/.custos/run/demo-federated}/$NAME"
TIMEOUT="${CUSTOS_DEMO_FL_TIMEOUT:-180}"
ROUNDS=5
SITE_ROWS=300
SITES=(married single dependants)

say() { echo "[demo-fl] $*"; }
die() { echo "[demo-fl] $*" >&2; exit 1; }

json_field() { # extracts a top-level string field from a JSON document (no jq needed)
  sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" | head -1
}

# Every request is bounded in time, so the demo cannot hang `make run`.
api() { # METHOD PATH [BODY]: prints the body; fails on HTTP >= 400, naming the answer
  local out code
  out="$(mktemp)"
  if [ $# -ge 3 ]; then
    code="$(curl -sS --max-time 30 -o "$out" -w '%{http_code}' -X "$1" "$GW$2" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' -d "$3")" || { rm -f "$out"; die "$1 $2 failed (no answer)"; }
  else
    code="$(curl -sS --max-time 30 -o "$out" -w '%{http_code}' -X "$1" "$GW$2" -H "Authorization: Bearer $TOKEN")" \
      || { rm -f "$out"; die "$1 $2 failed (no answer)"; }
  fi
  if [ "$code" -ge 400 ]; then
    echo "[demo-fl] $1 $2 answered HTTP $code: $(head -c 600 "$out")" >&2
    rm -f "$out"
    return 1
  fi
  cat "$out"
  rm -f "$out"
}

login() {
  TOKEN="$(curl -fsS --max-time 30 -X POST "$GW/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$ADMIN\",\"password\":\"$ADMIN_PASSWORD\"}" | json_field accessToken)"
  [ -n "$TOKEN" ] || die "cannot log in as $ADMIN"
}

sha256() { if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi; }

[ -f "$CLI" ] || die "missing $CLI: build first (make build)"
[ -f "$DATA" ] || die "missing $DATA"
mkdir -p "$DIR"
PIDS=()
cleanup() { # the sites stop with the demo, whatever happens
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# 1. The sites' data: Adult split by household relationship, 300 rows each (very different sites:
#    mostly high incomes, mostly low, hardly any), from all but the last 6,000 rows.
relationships() {
  case "$1" in
    married) echo "Husband|Wife" ;;
    single) echo "Not-in-family|Unmarried" ;;
    dependants) echo "Own-child|Other-relative" ;;
  esac
}
TOTAL="$(($(wc -l < "$DATA") - 1))"
for site in "${SITES[@]}"; do
  awk -F, -v keep="^($(relationships "$site"))\$" -v limit="$SITE_ROWS" -v last="$((TOTAL - 6000 + 1))" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "relationship") col = i; print; next }
    NR <= last && $col ~ keep && n < limit { print; n++ }' "$DATA" > "$DIR/$site.csv"
  [ "$(($(wc -l < "$DIR/$site.csv") - 1))" -eq "$SITE_ROWS" ] || die "could not cut $SITE_ROWS rows for site $site"
done

# 2. Each site's Ed25519 key pair: the private key stays at the site, the admin registers the public one.
for site in "${SITES[@]}"; do
  java -jar "$CLI" fl keygen --out "$DIR/$site.key" > /dev/null || die "custos fl keygen failed for $site"
done

# 3. The federation: Adult's public schema (declared bounds and codebook categories; nothing is
#    computed from any site's rows), FedAvg, 5 rounds of 2 local epochs.
login
cat > "$DIR/federation.json" <<JSON
{"name":"$NAME","modelType":"logistic","target":"income","positiveClass":"large",
 "rounds":$ROUNDS,"minClients":3,"maxClients":3,"roundTimeoutSeconds":60,"strategy":"fedavg",
 "localEpochs":2,"learningRate":0.5,"batchSize":16,
 "featureSchema":[
  {"name":"age","kind":"numeric","lower":17,"upper":90},
  {"name":"workclass","kind":"categorical","categories":["Federal-gov","Local-gov","Never-worked","Private",
    "Self-emp-inc","Self-emp-not-inc","State-gov","Without-pay"]},
  {"name":"education-num","kind":"numeric","lower":1,"upper":16},
  {"name":"marital-status","kind":"categorical","categories":["Divorced","Married-AF-spouse","Married-civ-spouse",
    "Married-spouse-absent","Never-married","Separated","Widowed"]},
  {"name":"occupation","kind":"categorical","categories":["Adm-clerical","Armed-Forces","Craft-repair",
    "Exec-managerial","Farming-fishing","Handlers-cleaners","Machine-op-inspct","Other-service","Priv-house-serv",
    "Prof-specialty","Protective-serv","Sales","Tech-support","Transport-moving"]},
  {"name":"relationship","kind":"categorical","categories":["Husband","Not-in-family","Other-relative","Own-child",
    "Unmarried","Wife"]},
  {"name":"race","kind":"categorical","categories":["Amer-Indian-Eskimo","Asian-Pac-Islander","Black","Other","White"]},
  {"name":"sex","kind":"categorical","categories":["Female","Male"]},
  {"name":"capital-gain","kind":"numeric","lower":0,"upper":100000},
  {"name":"capital-loss","kind":"numeric","lower":0,"upper":4500},
  {"name":"hours-per-week","kind":"numeric","lower":1,"upper":99}]}
JSON
FED="$(api POST /api/federated/federations "$(cat "$DIR/federation.json")" | json_field id)"
[ -n "$FED" ] || die "the federation was not created"
say "created federation $NAME ($FED): logistic on income, $ROUNDS rounds, 3 sites, FedAvg"

# 4. Register each site's public key and give the site an API key bound to its client.
for site in "${SITES[@]}"; do
  pub="$(grep -v -- '-----' "$DIR/$site.pub" | tr -d '\n')"
  client="$(api POST "/api/federated/federations/$FED/clients" "{\"clientName\":\"$site\",\"publicKey\":\"$pub\"}" \
    | json_field id)"
  [ -n "$client" ] || die "client $site was not registered"
  key="$(api POST /api/admin/api-keys "{\"name\":\"fl-demo-$site-${FED:0:8}\",\"roles\":[\"fl-client\"],\"federationId\":\"$FED\",\"clientId\":\"$client\"}" \
    | json_field apiKey)"
  [ -n "$key" ] || die "no API key for $site"
  (umask 077; printf '%s' "$key" > "$DIR/$site.apikey")
  say "registered site $site (client $client) and created its API key"
done

# 5. The sites join (each a separate process holding only its own CSV), then the admin starts the federation.
for site in "${SITES[@]}"; do
  CUSTOS_API_KEY="$(cat "$DIR/$site.apikey")" nohup java -XX:+UseSerialGC -Xmx256m -jar "$CLI" fl join \
    --server "$GW" --key "$DIR/$site.key" --data "$DIR/$site.csv" --federation "$FED" --poll-seconds 0.5 \
    --state "$DIR/$site.state.json" \
    > "$DIR/$site.log" 2>&1 &
  PIDS+=($!)
done
say "started 3 x 'custos fl join' (logs in $DIR/<site>.log)"
api POST "/api/federated/federations/$FED/start" "" > /dev/null || die "the federation could not be started"

# 6. Wait for the federation, bounded.
deadline=$((SECONDS + TIMEOUT))
STATUS=""
while :; do
  STATUS="$(api GET "/api/federated/federations/$FED" | json_field status || true)"
  case "$STATUS" in COMPLETED|FAILED) break ;; esac
  if [ $SECONDS -ge $deadline ]; then
    for site in "${SITES[@]}"; do echo "--- $site:" >&2; tail -5 "$DIR/$site.log" >&2; done
    die "federation $FED is still ${STATUS:-unknown} after $TIMEOUT s; giving up (the sites are stopped)"
  fi
  sleep 1
done
[ "$STATUS" = COMPLETED ] || {
  for site in "${SITES[@]}"; do echo "--- $site:" >&2; tail -5 "$DIR/$site.log" >&2; done
  die "federation $FED FAILED: $(api GET "/api/federated/federations/$FED" | json_field failureReason)"
}
for i in "${!SITES[@]}"; do # the sites exit on their own once they see COMPLETED
  for _ in $(seq 1 30); do kill -0 "${PIDS[$i]}" 2>/dev/null || break; sleep 0.5; done
  if wait "${PIDS[$i]}"; then :; else say "warning: site ${SITES[$i]} exited $?; see $DIR/${SITES[$i]}.log"; fi
done
PIDS=()

say "federation $NAME completed; per round (local loss of each site before -> after its local training):"
for r in $(seq 1 "$ROUNDS"); do
  line="round $r/$ROUNDS:"
  for site in "${SITES[@]}"; do
    loss="$(sed -n "s|^round $r/$ROUNDS: trained on [0-9]* rows (local loss \\([^)]*\\)).*|\\1|p" "$DIR/$site.log" | head -1)"
    line="$line $site ${loss:-?};"
  done
  sha="$(sed -n "s|^round $r/$ROUNDS: completed, global model sha256 \\([0-9a-f]*\\).*|\\1|p" "$DIR/${SITES[0]}.log" | head -1)"
  say "  $line global model ${sha:-?}..."
done
FINAL="$(api GET "/api/federated/federations/$FED" | json_field finalModelSha256)"
api GET "/api/federated/federations/$FED/model" > "$DIR/final-model.json"
say "final global model SHA-256 $FINAL (downloaded: $(sha256 "$DIR/final-model.json"); GET $GW/api/federated/federations/$FED/model)"

# 7. It flows on like any model: a signed bundle, and an entry in the governance inventory.
BUNDLE=""
for _ in $(seq 1 60); do
  BUNDLE="$(api GET /api/packaging/bundles | tr '{' '\n' | grep "\"trainingJobId\":\"$FED\"" \
    | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1 || true)"
  [ -n "$BUNDLE" ] && break
  sleep 1
done
[ -n "$BUNDLE" ] || die "packaging-service made no bundle of federation $FED within 60 s (see its log)"
VERIFIED="$(api GET "/api/packaging/bundles/$BUNDLE/verify" | sed -n 's/.*"valid":\(true\|false\).*/\1/p' | head -1)"
say "its signed bundle $BUNDLE verifies: ${VERIFIED:-?} (GET $GW/api/packaging/bundles/$BUNDLE/download)"
for _ in $(seq 1 60); do
  if api GET /api/governance/models | grep -q "\"trainingJobId\":\"$FED\""; then
    say "the federated model is in the governance inventory (training job id = federation id $FED)"
    [ "$VERIFIED" = true ] || exit 1
    exit 0
  fi
  sleep 1
done
die "the federated model did not reach governance within 60 s (see governance-service's log)"
