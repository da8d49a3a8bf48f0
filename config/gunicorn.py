"""gunicorn's settings for this site: `gunicorn --config config/gunicorn.py config.wsgi`.

With DJANGO_LOG_FORMAT=json, gunicorn's own log lines (start-up, workers that time out or
die) and one line per request (its access log) are JSON objects like the site's own
(config.logging), all on standard error; otherwise gunicorn logs as it always does. Other
options (`--bind`, `--workers`) stay on the command line.
"""

import os

if os.environ.get("DJANGO_LOG_FORMAT") == "json":
    logconfig_dict = {
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    }
