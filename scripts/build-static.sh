#!/usr/bin/env sh
# Builds the static studybot binary exactly as the Docker image does; CI runs it too, so the image's build
# flags are tested on every change. Usage: scripts/build-static.sh OUTPUT [VERSION]
set -eu
out=${1:-studybot}
version=${2:-dev}
# The revision comes from git when there is a checkout, else from REVISION (the Docker build passes it).
revision=${REVISION:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}
CGO_ENABLED=1 go build \
  -tags osusergo,netgo,sqlite_omit_load_extension \
  -trimpath -buildvcs=false \
  -ldflags "-s -w -X main.version=${version} -X main.revision=${revision} -linkmode external -extldflags '-static'" \
  -o "$out" ./cmd/studybot
