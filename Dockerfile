# studybot: one static binary on a minimal, non-root image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG REVISION=unknown
# The same script CI runs, so these flags are tested without a Docker engine.
RUN REVISION="$REVISION" scripts/build-static.sh /out/studybot "$VERSION"
RUN mkdir -p /out/data

# distroless/static has CA certificates and a nonroot user; IANA zones are embedded in the binary.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/studybot /studybot
COPY --from=build --chown=nonroot:nonroot /out/data /data
# The database is the default studybot.db in the working directory, the volume. STUDYBOT_DB is left unset
# so that STUDYBOT_DB_FILE (a secret holding a postgres:// URL) can be used instead; both are refused.
WORKDIR /data
ENV STUDYBOT_HTTP_ADDR=:8080 \
    STUDYBOT_LOG_FORMAT=json
VOLUME /data
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/studybot", "healthcheck"]
ENTRYPOINT ["/studybot"]
CMD ["serve"]
