#!/usr/bin/env bash
# Drives a gateway built from branch main (the event store before Marten) and dumps its database into
# ledger-v1.sql. Usage: make-ledger-v1.sh <gateway url> <db port>  (the gateway started with
# Ledger__OperatorToken=s3cret and LEDGER_DB pointing at that port's database "postgres").
set -euo pipefail
url=$1 port=$2 op="authorization: Bearer s3cret" json='content-type: application/json'
post() { curl -s "$url$1" -H "$json" "${@:2}"; echo; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

a=$(post /signup -d '{"org_name":"Acme","email":"ops@acme.example","currency":"EUR"}')
b=$(post /signup -d '{"org_name":"Bharat","email":"ops@bharat.example","currency":"INR"}')
ka=$(field '["key"]' <<<"$a"); oa=$(field '["org_id"]' <<<"$a")
kb=$(field '["key"]' <<<"$b"); ob=$(field '["org_id"]' <<<"$b")
post /me/credits/claim -XPOST -H "authorization: Bearer $ka"
post /admin/orgs/$ob/payments -H "$op" -d '{"amount":1000,"currency":"INR","reference":"inv-2026-001"}'
post /admin/orgs/$oa/plan -XPUT -H "$op" -d '{"plan":"pro"}'
k2=$(post /me/keys -H "authorization: Bearer $ka" -d '{"name":"prod-backend","budget":50,"budget_period":"day","rpm_limit":30,"expires_days":90}')
k3=$(post /me/keys -H "authorization: Bearer $kb" -d '{"name":"batch","rpm_limit":20}')
id2=$(field '["id"]' <<<"$k2"); key2=$(field '["key"]' <<<"$k2"); id3=$(field '["id"]' <<<"$k3")
post /me/keys/$id2 -XPATCH -H "authorization: Bearer $ka" -d '{"name":"prod-backend-2","daily_limit":500}'
post /me/keys/$id2 -XPATCH -H "authorization: Bearer $ka" -d '{"disabled":true}'
# refused: the key is disabled
post /v1/chat/completions -H "authorization: Bearer $key2" -d '{"model":"gpt-5.1","messages":[{"role":"user","content":"Hi"}]}'
post /me/keys/$id2 -XPATCH -H "authorization: Bearer $ka" -d '{"disabled":false}'
for m in gpt-5.1 mistral-lg claude-4 gpt-5.1; do
  post /v1/chat/completions -H "authorization: Bearer $key2" -d "{\"model\":\"$m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello é \\\"quoted\\\"\"}]}"
done
post /v1/chat/completions -H "authorization: Bearer $kb" -d '{"model":"gpt-5.1","messages":[{"role":"user","content":"Namaste"}]}'
post /v1/chat/completions -H "authorization: Bearer $kb" -d '{"model":"gpt-5.1","messages":[{"role":"user","content":"Again"}],"max_tokens":5}'
# refused: an unknown model
post /v1/chat/completions -H "authorization: Bearer $ka" -d '{"model":"no-such-model","messages":[{"role":"user","content":"Hi"}]}'
post /me/keys/$id3 -XDELETE -H "authorization: Bearer $kb"
# refused: a revoked key's org still works, the revoked key does not exist any more for inference
post /v1/chat/completions -H "authorization: Bearer $(field '["key"]' <<<"$k3")" -d '{"model":"gpt-5.1","messages":[{"role":"user","content":"Hi"}]}'
sleep 2
PGPASSWORD= pg_dump -h 127.0.0.1 -p "$port" -U postgres --no-owner --no-privileges --inserts postgres > "$(dirname "$0")/ledger-v1.sql"
