"""The commands of `pameran`: `pameran X …` lives in X.py, the top-level commands in
server.py; app/cli.py registers them."""
