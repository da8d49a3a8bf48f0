"""DJANGO_LOG_FORMAT=json: one JSON object per log line (config.logging)."""

import json
import logging
import sys

import pytest

from config.logging import JsonFormatter
from tests.test_settings import start


def record(name="summit", level=logging.WARNING, message="%s talks", args=(3,), **extra):
    entry = logging.LogRecord(name, level, __file__, 1, message, args, None)
    entry.__dict__.update(extra)
    return entry


def test_json_line_has_time_level_logger_and_message():
    line = JsonFormatter().format(record())
    assert "\n" not in line
    entry = json.loads(line)
    assert entry.keys() == {"time", "level", "logger", "message"}
    assert entry["time"].endswith("Z")
    assert (entry["level"], entry["logger"], entry["message"]) == ("WARNING", "summit", "3 talks")


def test_json_line_carries_the_exception_on_one_line():
    try:
        raise ValueError("bad schedule\nsecond line")
    except ValueError:
        logger_record = record(level=logging.ERROR, message="Import failed", args=())
        logger_record.exc_info = sys.exc_info()
    line = JsonFormatter().format(logger_record)
    assert "\n" not in line
    exception = json.loads(line)["exception"]
    assert exception.startswith("Traceback")
    assert "ValueError: bad schedule\nsecond line" in exception


def test_json_line_keeps_chinese_readable_after_parsing():
    line = JsonFormatter().format(record(message="峰会 %s", args=("张江",)))
    assert line.isascii()
    assert json.loads(line)["message"] == "峰会 张江"


@pytest.mark.django_db
def test_json_line_of_a_failed_request_names_method_path_and_status(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/en/no-such-page/").status_code == 404
    (failed,) = [entry for entry in caplog.records if entry.name == "django.request"]
    entry = json.loads(JsonFormatter().format(failed))
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/en/no-such-page/", 404)


def test_json_line_of_gunicorns_access_log_names_method_path_status_and_duration():
    atoms = {"h": "10.0.0.2", "m": "GET", "U": "/healthz", "q": "", "s": "200", "M": 4}
    access = record(
        name="gunicorn.access", level=logging.INFO, message="%(h)s %(s)s", args=(atoms,)
    )
    entry = json.loads(JsonFormatter().format(access))
    assert entry["message"] == "10.0.0.2 200"
    assert (entry["method"], entry["path"], entry["status"], entry["duration_ms"]) == (
        "GET",
        "/healthz",
        200,
        4,
    )


def test_site_logs_json_lines_when_asked():
    result = start(
        {"DJANGO_DEBUG": "1", "DJANGO_LOG_FORMAT": "json"},
        "import django, logging, warnings; django.setup(); "
        "logging.getLogger('summit').warning('多行\\n消息'); "
        "logging.getLogger('django.request').error('Server error', exc_info=ValueError('x')); "
        "warnings.warn('a warning too')",
    )
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(entry["logger"], entry["level"]) for entry in entries] == [
        ("summit", "WARNING"),
        ("django.request", "ERROR"),
        ("py.warnings", "WARNING"),
    ]
    assert entries[0]["message"] == "多行\n消息"
    assert "ValueError: x" in entries[1]["exception"]


def test_site_logs_text_by_default():
    result = start(
        {"DJANGO_DEBUG": "1"},
        "import django, logging; django.setup(); logging.getLogger('summit').warning('plain')",
    )
    assert result.stderr == "plain\n"


def test_unknown_log_format_is_refused_naming_the_formats():
    result = start({"DJANGO_DEBUG": "1", "DJANGO_LOG_FORMAT": "xml"})
    assert result.returncode != 0
    assert "DJANGO_LOG_FORMAT must be one of 'text', 'json', not 'xml'" in result.stderr
