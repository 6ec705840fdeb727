# Pameran: one app instance. Build from the repository root:
#   docker build -t pameran .
#   docker run -p 8000:8000 -v pameran-data:/srv/pameran/data -e PAMERAN_BASE_URL=https://… pameran
# `serve` migrates before serving. SQLite and local media live in the data volume
# by default; set PAMERAN_DATABASE_URL / PAMERAN_STORAGE_URL for PostgreSQL / S3
# when running several instances (compose.yaml, deploy/nginx.conf).
#
# Not built from a wheel: the app finds its templates, static files, migrations,
# catalogs and exhibits/ beside the `app` package (app/core/paths.py), which a
# wheel does not carry. The image holds the checkout, installed in place, and a
# virtualenv; the build stage's pip, caches and compilers stay behind.
# Not built or run in this repository's CI (no Docker there): keep it in step
# with pyproject.toml and `pameran serve` by hand.

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
WORKDIR /srv/pameran
# Dependencies first, in their own layer, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && /opt/venv/bin/pip install -r /tmp/requirements.txt
COPY . .
RUN /opt/venv/bin/pip install --no-deps -e . \
    && /opt/venv/bin/python -m compileall -q app

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
# Same paths as in the build stage: the editable install points at /srv/pameran.
COPY --from=build /opt/venv /opt/venv
COPY --from=build /srv/pameran /srv/pameran

# The only writable place: configured paths (var/pameran.db, var/media,
# var/secret_key) are relative to the working directory. The code stays root's.
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
