# Build stage: the release binary.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
# Everything the binary embeds at compile time is under these: the
# migrations (sqlx::migrate!), the seed data (src/seed/, include_str!) and
# the shop page (web/, include_bytes!).
COPY src ./src
COPY migrations ./migrations
COPY web ./web
COPY benches ./benches
RUN cargo build --release --locked --bin catalog

# Runtime stage: the binary alone, as an unprivileged user. The index
# directory exists and is the user's, so that a new volume mounted on it
# starts with that owner (Docker copies it) and is writable.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app catalog \
    && install -d -o catalog -g catalog /app/index
COPY --from=build /src/target/release/catalog /usr/local/bin/catalog
USER catalog
WORKDIR /app
ENV BIND_ADDR=0.0.0.0:8080 \
    INDEX_DIR=/app/index \
    LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["catalog"]
CMD ["serve"]
