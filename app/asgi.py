"""The ASGI app for uvicorn workers, configured from the environment."""

from app.main import create_app

app = create_app()
