# Pameran: one app instance. Build from the repository root:
#   docker build -t pameran .
#   docker run -p 8000:8000 -v pameran-data:/srv/pameran/data -e PAMERAN_BASE_URL=https://… pameran
# `serve` migrates before serving. SQLite and local media live in the data volume
# by default; set PAMERAN_DATABASE_URL / PAMERAN_STORAGE_URL for PostgreSQL / S3
# when running several instances (see deploy/nginx.conf).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --create-home --uid 10001 --user-group pameran

# ffprobe/ffmpeg check uploaded videos and strip their metadata; without them videos
# are refused (app/media/video.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/pameran

# Dependencies first, in their own layer, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Editable install: templates, static files, migrations and exhibits/ sit next to
# the `app` package at the repository top level, so the code runs from this copy
# (owned by root, read-only to the app user).
COPY . .
RUN pip install --no-cache-dir --no-deps -e .

# The only writable place: configured paths (var/pameran.db, var/media,
# var/secret_key) are relative to the working directory.
RUN mkdir -p /srv/pameran/data/var && chown -R pameran:pameran /srv/pameran/data
WORKDIR /srv/pameran/data
VOLUME ["/srv/pameran/data"]

USER pameran
EXPOSE 8000

# /healthz needs no database; 127.0.0.1 is always an allowed host. urlopen raises
# (exit 1) on anything but a 2xx answer.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["pameran", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
