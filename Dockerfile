# Pameran: one app instance. Build from the repository root:
#   docker build -t pameran .
#   docker run -p 8000:8000 -v pameran-data:/srv/pameran/data -e PAMERAN_BASE_URL=https://… pameran
# `serve` migrates before serving. SQLite and local media live in the data volume
# by default; set PAMERAN_DATABASE_URL / PAMERAN_STORAGE_URL for PostgreSQL / S3
# when running several instances (compose.yaml, deploy/nginx.conf).
#
# Built from the wheel: the wheel carries the templates, static files, migrations,
# catalogs and exhibits/ inside the package (pyproject.toml, app/core/paths.py), so
# the image holds a virtualenv with the wheel and the pinned dependencies
# (requirements.lock) and no checkout. The build stage's pip, caches and source stay
# behind. tests/packaging/test_wheel.py installs the same wheel the same way and
# serves from it; the image itself is not built in this repository's CI (no Docker
# there): keep it in step with pyproject.toml and `pameran serve` by hand.

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
# Dependencies first, in their own layer, so a code change does not reinstall them.
RUN python -m venv /opt/venv
COPY requirements.lock ./
RUN /opt/venv/bin/pip install -r requirements.lock
# What the wheel is built from (the sdist's list in pyproject.toml).
COPY pyproject.toml README.md ./
COPY app ./app
COPY templates ./templates
COPY static ./static
COPY migrations ./migrations
COPY locale ./locale
COPY exhibits ./exhibits
# --no-deps: everything it needs is already pinned in the venv; `pip check` proves it.
RUN pip wheel --no-deps -w /tmp/dist . \
    && /opt/venv/bin/pip install --no-deps /tmp/dist/pameran-*.whl \
    && /opt/venv/bin/pip check

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH
# pdftoppm renders a PDF's first page as its preview (optional, but expected);
# ffprobe/ffmpeg check uploaded videos and strip their metadata (app/media/video.py):
# without them videos are refused.
RUN apt-get update \
    && apt-get install -y --no-install-recommends poppler-utils ffmpeg \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 10001 --user-group pameran
# The venv at the same path as in the build stage (its scripts name /opt/venv).
# The code stays root's and read-only to the app.
COPY --from=build /opt/venv /opt/venv

# The only writable place: configured paths (var/pameran.db, var/media,
# var/secret_key) are relative to the working directory.
RUN mkdir -p /srv/pameran/data/var && chown -R pameran:pameran /srv/pameran/data
WORKDIR /srv/pameran/data
VOLUME ["/srv/pameran/data"]

USER pameran
EXPOSE 8000

# Liveness: /healthz needs no database; 127.0.0.1 is always an allowed host. Load
# balancers and compose.yaml ask /readyz (database and storage) instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["pameran", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
