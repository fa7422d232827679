#!/usr/bin/env bash
# Installs the pgvector extension into the newest local PostgreSQL when it lacks it. Debian
# bookworm packages no pgvector, so it is built from Debian's own source package of it (trixie's,
# from the Debian archive, checked against its published sha256) with the server's headers.
set -euo pipefail
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
major="$(basename "$(dirname "$bin")")"
if [ -f "/usr/share/postgresql/$major/extension/vector.control" ]; then exit 0; fi
version=0.8.0
sha256=867a2c328d4928a5a9d6f052cd3bc78c7d60228a9b914ad32aa3db88e9de27b0
export DEBIAN_FRONTEND=noninteractive
if ! command -v pg_config >/dev/null 2>&1 || ! [ -d "/usr/include/postgresql/$major/server" ]; then
  apt-get update -qq
  apt-get install -y -qq "postgresql-server-dev-$major" build-essential curl >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
curl -fsSL --retry 3 -o "$work/pgvector.tar.gz" \
  "http://deb.debian.org/debian/pool/main/p/pgvector/pgvector_${version}.orig.tar.gz"
echo "$sha256  $work/pgvector.tar.gz" | sha256sum -c --quiet -
tar -xzf "$work/pgvector.tar.gz" -C "$work"
# OPTFLAGS="" builds for the generic CPU rather than the build machine's (-march=native).
make -s -C "$work/pgvector-$version" PG_CONFIG="$bin/pg_config" OPTFLAGS="" -j"$(nproc)" >/dev/null
make -s -C "$work/pgvector-$version" PG_CONFIG="$bin/pg_config" install >/dev/null
echo "pgvector $version installed for PostgreSQL $major" >&2
