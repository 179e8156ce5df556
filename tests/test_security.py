"""Headers on every kind of response, login throttling, passwords and sessions."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

import kb.settings as production
from kb.client_ip import client_ip
from tests.support.factories import make_post, make_superuser, make_user

pytestmark = pytest.mark.django_db

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def csp(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def assert_common_headers(response):
    for header, value in COMMON_HEADERS.items():
        assert response[header] == value, header
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def assert_locked_down(policy):
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no unsafe-inline, no unsafe-eval, no hosts


@pytest.mark.parametrize("url", ["/", "post", "/no-such-page/"])
def test_public_pages_carry_the_strict_policy(client, url):
    post = make_post()
    response = client.get(post.get_absolute_url() if url == "post" else url)
    assert_common_headers(response)
    policy = csp(response)
    assert_locked_down(policy)
    assert policy["style-src"] == ["'self'"]


def test_public_pages_have_no_inline_scripts_or_styles(client):
    post = make_post(body="Text with <b style='color:red'>style</b>.")
    for url in ["/", post.get_absolute_url(), f"/category/{post.category.slug}/"]:
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        # Only data blocks (JSON-LD) may sit inline; the policy leaves those alone, as browsers do
        # not run scripts whose type is not JavaScript.
        for tag in html.split("<script")[1:]:
            assert tag.lstrip().startswith(('type="application/ld+json"', "src=")), url


def test_admin_pages_allow_inline_styles_but_still_only_own_scripts(staff_client):
    post = make_post()
    for url in ["/admin/", f"/admin/posts/post/{post.pk}/change/"]:
        response = staff_client.get(url)
        assert_common_headers(response)
        policy = csp(response)
        assert_locked_down(policy)
        assert "'unsafe-inline'" in policy["style-src"]
    login = Client().get("/admin/login/")
    assert_locked_down(csp(login))


def test_editor_preview_response_carries_the_admin_policy(staff_client):
    response = staff_client.post("/editor/preview/", {"content": "Hi"})
    assert_locked_down(csp(response))


def test_uploaded_files_are_served_sandboxed(client, settings):
    folder = settings.MEDIA_ROOT / "uploads"
    folder.mkdir(parents=True)
    (folder / "a.png").write_bytes(b"\x89PNG not really")
    response = client.get("/media/uploads/a.png")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_session_and_csrf_cookies_are_lax_and_the_session_cookie_http_only(client):
    user = make_superuser()
    client.get("/admin/login/")
    response = client.post("/admin/login/", {"username": user.username, "password": "a-long-test-password-1"})
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert client.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Lax"


def test_sessions_end_after_eight_idle_hours_and_each_request_extends_them(client):
    client.force_login(make_superuser())
    first = client.get("/admin/").cookies[settings.SESSION_COOKIE_NAME]
    assert first["max-age"] == 8 * 60 * 60
    again = client.get("/").cookies[settings.SESSION_COOKIE_NAME]
    assert again["max-age"] == 8 * 60 * 60  # the cookie and the stored expiry move on with each request


# Passwords


def test_argon2_is_the_first_hasher_in_production():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_hashes_passwords(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    assert identify_hasher(make_password("a-long-test-password-1")).algorithm == "argon2"


@pytest.mark.parametrize(
    "password,message",
    [
        ("short-pw-1", "at least 12 characters"),
        ("password1234", "too common"),
        ("margaret-hamilton", "too similar to the username"),
    ],
)
def test_weak_passwords_are_refused(password, message):
    user = make_user(username="margaret-hamilton", first_name="Margaret")
    with pytest.raises(ValidationError) as refusal:
        validate_password(password, user)
    assert message in " ".join(refusal.value.messages)


def test_a_long_uncommon_password_is_accepted():
    validate_password("correct horse battery staple", make_user(username="someone"))


# Login throttling


@pytest.fixture(autouse=True)
def login_throttling(request, settings):
    """django-axes is off in the test profile (the test client logs in without a request); on here."""
    settings.AXES_ENABLED = True


def test_the_test_clients_login_still_works_with_throttling_off(client, settings):
    settings.AXES_ENABLED = False
    make_superuser()
    assert client.login(username="editor", password="a-long-test-password-1")


def attempt(client, password, **extra):
    return client.post("/admin/login/", {"username": "editor", "password": password}, **extra)


def test_five_failed_logins_lock_out_that_username_from_that_address_for_15_minutes(client):
    make_superuser()
    for _ in range(4):
        assert attempt(client, "wrong password").status_code == 200
    locked = attempt(client, "wrong password")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "paused for 15 minutes" in locked.content.decode()
    right_password = attempt(client, "a-long-test-password-1")
    assert right_password.status_code == 429  # refused even with the right password
    assert "_auth_user_id" not in client.session
    other_address = attempt(Client(REMOTE_ADDR="10.1.1.1"), "a-long-test-password-1")
    assert other_address.status_code == 302


def test_lockout_ends_after_the_cool_off(client):
    from datetime import timedelta

    from axes.models import AccessAttempt

    make_superuser()
    for _ in range(5):
        attempt(client, "wrong password")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert attempt(client, "a-long-test-password-1").status_code == 302


def test_a_successful_login_resets_the_count(client):
    make_superuser()
    for _ in range(4):
        attempt(client, "wrong password")
    assert attempt(client, "a-long-test-password-1").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "wrong password").status_code == 200
    assert attempt(client, "a-long-test-password-1").status_code == 302


def test_forged_forwarded_for_is_ignored_without_a_configured_proxy(client, settings):
    settings.KB_TRUSTED_PROXIES = 0
    make_superuser()
    for number in range(5):
        attempt(client, "wrong password", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    assert attempt(client, "a-long-test-password-1", HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_behind_a_proxy_the_real_client_address_is_locked_out(settings):
    settings.KB_TRUSTED_PROXIES = 1
    make_superuser()
    proxy = Client(REMOTE_ADDR="10.0.0.2")  # every request arrives from the proxy
    for _ in range(5):
        attempt(proxy, "wrong password", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert attempt(proxy, "a-long-test-password-1", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    # Another client behind the same proxy is not affected, even if it claims the locked address first.
    assert (
        attempt(proxy, "a-long-test-password-1", HTTP_X_FORWARDED_FOR="198.51.100.7, 192.0.2.8").status_code
        == 302
    )


@pytest.mark.parametrize(
    "proxies,forwarded,expected",
    [
        (0, "198.51.100.7", "10.0.0.2"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        (2, "1.2.3.4, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.2"),  # fewer entries than proxies: not trusted
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_client_address_is_read_from_as_many_proxies_as_configured(settings, proxies, forwarded, expected):
    settings.KB_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
