import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from posts.models import Author, Category, Post

pytestmark = pytest.mark.django_db


def test_loaddemo_creates_the_demo_content_once(client):
    call_command("loaddemo")
    counts = (Category.objects.count(), Author.objects.count(), Post.objects.count())
    call_command("loaddemo")
    assert (Category.objects.count(), Author.objects.count(), Post.objects.count()) == counts
    assert counts[2] >= 7
    assert Category.objects.filter(name="Management").exists()
    assert Author.objects.filter(name="hemanta", job_title="WordPress Developer").exists()
    assert Post.objects.filter(kind=Post.Kind.FAQ).count() >= 6
    assert Post.objects.published().count() == counts[2]


def test_loaddemo_does_not_overwrite_an_editors_change():
    call_command("loaddemo")
    post = Post.objects.get(slug="engagement-models")
    post.title = "Edited by an editor"
    post.save()
    call_command("loaddemo")
    assert Post.objects.get(slug="engagement-models").title == "Edited by an editor"


def test_demo_article_page_shows_category_author_box_and_sidebar(client):
    call_command("loaddemo")
    response = client.get("/posts/it-project-vs-service-management/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'Category: <a href="/category/management/">Management</a>' in html
    assert "hemanta" in html and "WordPress Developer" in html
    assert "Recent posts" in html and "ago</time>" in html
    assert "Updated <time" not in html


def test_ensureadmin_creates_a_generated_admin_once(capsys, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("ensureadmin")
    first = capsys.readouterr().out
    password = first.split("password:")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    call_command("ensureadmin")
    second = capsys.readouterr().out
    assert password not in second
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_ensureadmin_uses_the_environment_when_set(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "chief")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-very-long-chosen-password")
    call_command("ensureadmin")
    assert get_user_model().objects.get(username="chief").check_password("a-very-long-chosen-password")


def test_the_password_hint_names_a_python_that_has_django(capsys, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    call_command("ensureadmin")
    call_command("ensureadmin")
    hint = capsys.readouterr().out.split("forgotten the password? `")[1].split("`")[0]
    python, rest = hint.split(" ", 1)
    assert rest == "manage.py changepassword admin"
    # The command as printed, run from the project folder, finds Django.
    ROOT = Path(__file__).resolve().parent.parent
    result = subprocess.run([python, "-c", "import django"], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, result.stderr


def test_a_virtualenv_made_by_another_python_is_rebuilt_not_silently_kept(tmp_path):
    ROOT = Path(__file__).resolve().parent.parent
    shutil.copy(ROOT / "Makefile", tmp_path)
    fake = tmp_path / ".venv" / "bin" / "python"
    fake.parent.mkdir(parents=True)
    fake.write_text("#!/bin/sh\necho '(3, 99)'\n")
    fake.chmod(0o755)
    result = subprocess.run(
        ["make", "--no-print-directory", "venv-check", f"PYTHON={sys.executable}"],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "rebuilding" in result.stdout
    assert not (tmp_path / ".venv").exists()
