"""Outgoing email (password resets) from the environment.

`EMAIL_URL` says it in one line, `smtp://USER:PASSWORD@HOST:587/?tls=true` (or
`smtps://…:465` for TLS from the first byte, `console://` to print messages);
otherwise `EMAIL_HOST`, `EMAIL_PORT`, `EMAIL_HOST_USER`, `EMAIL_HOST_PASSWORD` and
`EMAIL_USE_TLS`. With neither, development prints messages to the console.
"""

from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"
TRUE = {"1", "true", "yes", "on"}


def email_settings(environ: Mapping[str, str], *, debug: bool) -> dict:
    url = environ.get("EMAIL_URL", "").strip()
    if url:
        return from_url(url)
    host = environ.get("EMAIL_HOST", "").strip()
    if not host:
        # Production without a mail server still uses SMTP on localhost (Django's
        # default), so a missing setting shows as a failed send, not a silent one.
        return {"EMAIL_BACKEND": CONSOLE if debug else SMTP}
    return {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": host,
        "EMAIL_PORT": int(environ.get("EMAIL_PORT", 587)),
        "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": environ.get("EMAIL_USE_TLS", "true").strip().lower() in TRUE,
    }


def from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": CONSOLE}
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL must look like smtp://user:password@host:587/?tls=true, "
            "smtps://user:password@host:465 or console://"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp"
        and query.get("tls", "true").lower() in TRUE,
    }
