# syntax=docker/dockerfile:1
#
# summitbot container image: a static Go binary on distroless (CA certificates,
# time zone data, a non-root user, no shell).
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t summitbot .
#   docker run --rm -v summitbot-data:/data summitbot ask "How many troops could the multinational force include?"
#   docker run -d --env-file .env -v summitbot-data:/data summitbot          # the Discord bot (serve)
#
# Keep the golang tag in step with the go line of go.mod (container_test.go checks).

# Build stage: runs on the build machine's platform and cross-compiles for the
# target, so multi-platform builds (docker buildx --platform) need no emulation.
FROM --platform=$BUILDPLATFORM golang:1.26.8-bookworm AS build
WORKDIR /src

# Modules first, in their own layer: it is rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download && go mod verify

COPY . .
ARG VERSION=dev
ARG TARGETOS
ARG TARGETARCH
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -buildvcs=false \
        -ldflags "-s -w -X main.version=${VERSION}" \
        -o /out/summitbot ./cmd/summitbot \
 && mkdir -p /out/data

# Final stage: distroless static ships CA certificates (/etc/ssl/certs),
# time zone data (/usr/share/zoneinfo) and the nonroot user (65532).
FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
ARG REVISION
LABEL org.opencontainers.image.title="summitbot" \
      org.opencontainers.image.description="Answers questions about the January 2026 Paris summit on security guarantees for Ukraine from news articles, with citations (CLI and Discord bot)." \
      org.opencontainers.image.source="https://github.com/summitbot/summitbot" \
      org.opencontainers.image.url="https://github.com/summitbot/summitbot" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"

COPY --from=build /out/summitbot /usr/local/bin/summitbot
# The index lives in /data; the directory is owned by the runtime user, so a
# new named volume mounted there starts with that owner too.
COPY --from=build --chown=65532:65532 /out/data /data

# INDEX_DIR: the index on the volume. METRICS_ADDR: /healthz and /metrics on
# loopback inside the container, for the HEALTHCHECK below (set 0.0.0.0:9090
# and publish the port to scrape /metrics from outside).
ENV INDEX_DIR=/data \
    METRICS_ADDR=127.0.0.1:9090
USER 65532:65532
VOLUME /data

# summitbot healthcheck GETs http://$METRICS_ADDR/healthz: exit 0 on 200.
# The start period covers the first run, which indexes the built-in articles.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["summitbot", "healthcheck"]

ENTRYPOINT ["summitbot"]
CMD ["serve"]
