"""The web application: FastAPI, Jinja2 templates and HTMX."""
