#!/bin/sh
# Creates a connector through the Connect REST API from a JSON file in the shape {"name": ..., "config": {...}},
# waiting until the worker answers. Plain POSIX sh and curl: it runs in the curlimages/curl container of
# docker-compose.yml as well as on a host.
# Usage: deploy/create-connector.sh FILE [CONNECT_URL]   (default URL: http://localhost:8083)
set -eu
file=$1
url=${2:-http://localhost:8083}
answer=$(mktemp)
trap 'rm -f "$answer"' EXIT
tries=0
until curl -fs -o /dev/null "$url/connectors"; do
  tries=$((tries + 1))
  [ "$tries" -lt 90 ] || { echo "no Connect REST API at $url" >&2; exit 1; }
  sleep 2
done
# A worker still joining its group answers 409 too; only "already exists" means there is nothing to do.
tries=0
while :; do
  status=$(curl -s -o "$answer" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data @"$file" "$url/connectors")
  echo "POST $url/connectors: HTTP $status $(cat "$answer")"
  case $status in
    201) exit 0 ;;
    409) if grep -q 'already exists' "$answer"; then exit 0; fi ;;
    4*) exit 1 ;;
  esac
  tries=$((tries + 1))
  [ "$tries" -lt 30 ] || exit 1
  sleep 2
done
