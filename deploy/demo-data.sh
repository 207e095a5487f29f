#!/usr/bin/env bash
# Loads demo data into a running suite through the gateway, as a user would with curl:
# two demo users in tenant "default" and one training job, whose model then flows through
# packaging into the governance inventory.
#   deploy/demo-data.sh GATEWAY_URL ADMIN_USERNAME ADMIN_PASSWORD
set -euo pipefail
GW="$1"; ADMIN="$2"; ADMIN_PASSWORD="$3"
ENGINEER_PASSWORD="${CUSTOS_DEMO_PASSWORD:-demo-password-123}"

json_field() { # extracts a top-level string field from a JSON document (no jq needed)
  sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" | head -1
}

login() {
  curl -fsS -X POST "$GW/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}" | json_field accessToken
}

ADMIN_TOKEN="$(login "$ADMIN" "$ADMIN_PASSWORD")"
for user in demo-engineer:ml-engineer demo-auditor:auditor; do
  name="${user%%:*}"; role="${user##*:}"
  code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$GW/api/admin/users" \
    -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$name\",\"password\":\"$ENGINEER_PASSWORD\",\"roles\":[\"$role\"]}")"
  case "$code" in
    201|200) echo "[demo] created user $name ($role)" ;;
    409) echo "[demo] user $name exists" ;;
    *) echo "[demo] creating $name answered HTTP $code" >&2 ;;
  esac
done

ENGINEER_TOKEN="$(login demo-engineer "$ENGINEER_PASSWORD")"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATASET="$(curl -fsS -X POST "$GW/api/privacy/datasets?name=adult" -H "Authorization: Bearer $ENGINEER_TOKEN" \
  -H 'Content-Type: text/csv' --data-binary "@$ROOT/data/adult_labeled.csv" | json_field id)"
echo "[demo] uploaded the UCI Adult data set as dataset $DATASET"
RISK="$(curl -fsS "$GW/api/privacy/datasets/$DATASET/risk-report?qi=age,sex,race,native-country&sensitive=income" \
  -H "Authorization: Bearer $ENGINEER_TOKEN")"
echo "[demo] its risk report: k=$(printf '%s' "$RISK" | sed -n 's/.*"kAnonymity":{"k":\([0-9]*\).*/\1/p') on age, sex, race, native-country;" \
  "overall $(printf '%s' "$RISK" | sed -n 's/.*"overall":{"level":"\([A-Z]*\)".*/\1/p')" \
  "(GET $GW/api/privacy/datasets/$DATASET/risk-report)"
JOB="$(curl -fsS -X POST "$GW/api/privacy/training-jobs" -H "Authorization: Bearer $ENGINEER_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"datasetId\":\"$DATASET\",\"target\":\"income\",\"positiveClass\":\"large\",\"modelType\":\"logistic\",\"epsilon\":1.0,\"delta\":1e-6,\"expectedBatchSize\":512}" | json_field id)"
echo "[demo] submitted DP training job $JOB (epsilon 1, delta 1e-6)"

AUDITOR_TOKEN="$(login demo-auditor "$ENGINEER_PASSWORD")"
for _ in $(seq 1 60); do
  if curl -fsS "$GW/api/governance/models" -H "Authorization: Bearer $AUDITOR_TOKEN" | grep -q "$JOB"; then
    echo "[demo] model of job $JOB is in the governance inventory"
    BUNDLES="$(curl -fsS "$GW/api/packaging/bundles" -H "Authorization: Bearer $AUDITOR_TOKEN")"
    BUNDLE="$(printf '%s' "$BUNDLES" | tr '{' '\n' | grep "\"trainingJobId\":\"$JOB\"" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1)"
    if [ -n "$BUNDLE" ]; then
      VERIFIED="$(curl -fsS "$GW/api/packaging/bundles/$BUNDLE/verify" -H "Authorization: Bearer $AUDITOR_TOKEN" | sed -n 's/.*"valid":\(true\|false\).*/\1/p')"
      echo "[demo] its signed bundle $BUNDLE verifies: ${VERIFIED:-?} (download: GET $GW/api/packaging/bundles/$BUNDLE/download;" \
        "check offline: custos bundle validate bundle.zip --public-key keys.json, keys from GET $GW/api/packaging/keys)"
    fi
    echo "[demo] users demo-engineer / demo-auditor, password $ENGINEER_PASSWORD"
    exit 0
  fi
  sleep 1
done
echo "[demo] the model of job $JOB did not reach governance within 60 s" >&2
exit 1
