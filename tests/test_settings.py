import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTTPS_ONLY_WARNINGS = {"security.W004", "security.W008", "security.W012", "security.W016"}


def run_manage(*args, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "kb.settings", **env}
    environment.pop("DJANGO_DEBUG", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def warning_ids(output):
    return {word.strip(":()") for word in output.split() if word.strip(":()").startswith("security.W")}


def test_deploy_check_warns_only_about_https_settings_on_plain_http():
    result = run_manage(
        "check", "--deploy", DJANGO_SECRET_KEY="x" * 20 + "a-real-looking-secret-key-9f8e7d6c5b4a3"
    )
    assert result.returncode == 0, result.stderr
    assert warning_ids(result.stdout + result.stderr) <= HTTPS_ONLY_WARNINGS


def test_deploy_check_is_clean_with_https_switched_on():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SECRET_KEY="x" * 20 + "a-real-looking-secret-key-9f8e7d6c5b4a3", DJANGO_HTTPS="1",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = run_manage("check", DJANGO_SECRET_KEY="", KB_SECRET_KEY_FILE=str(tmp_path / "none"))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
