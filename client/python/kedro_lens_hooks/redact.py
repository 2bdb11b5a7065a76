"""Keeps credentials out of event files: what Kedro loaded as credentials, URL passwords and secret-named params."""

from __future__ import annotations

import functools
import re
from typing import Any

MASK = "***"
# Credential values shorter than this (a user name like "sa") would mask ordinary words everywhere.
MIN_SECRET_LEN = 4
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]+:)[^\s@/]+(?=@)")
# `name=value` / `name: value` in free text (CLI args, error messages); the name is checked by is_secret_name.
_NAME = re.compile(r"[A-Za-z_][\w.\-]*(?=\s*[=:])")
_VALUE = re.compile(r"\s*[=:]\s*(?:'([^']*)'|\"([^\"]*)\"|([^\s,;'\"]+))")
_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_SECRET_WORDS = {"password", "passwd", "pwd", "pass", "secret", "secrets", "token", "apikey", "credential", "credentials", "passphrase"}
_SECRET_PAIRS = {("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key"), ("client", "secret"), ("auth", "token")}

# Module state, not instance state: ParallelRunner workers forked after the catalog was built inherit it.
_secrets: list[str] = []


def remember_credentials(conf_creds: Any) -> None:
    """Collect every string leaf of the credentials config (longest first, so a secret containing another is masked whole)."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            text = str(value)
            if len(text) >= MIN_SECRET_LEN:
                found.add(text)

    walk(conf_creds)
    _secrets[:] = sorted(found | set(_secrets), key=len, reverse=True)


@functools.lru_cache(maxsize=4096)  # record keys repeat on every event
def is_secret_name(name: str) -> bool:
    """Whole words only: `db.password`, `apiKey`, `AWS_SECRET_ACCESS_KEY` are secret; `passenger_capacity` is not."""
    words = [w.lower() for w in _WORDS.findall(name)]
    return any(w in _SECRET_WORDS for w in words) or any(pair in _SECRET_PAIRS for pair in zip(words, words[1:]))


def redact_text(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    if "=" not in text and ":" not in text:  # most strings: node and dataset names
        return text
    if "://" in text:
        text = _URL_PASSWORD.sub(lambda m: m.group("head") + MASK, text)
    # Names are matched without consuming values, so `--params=db.password=x` still reaches `db.password`.
    spans = []
    for m in _NAME.finditer(text):
        if is_secret_name(m.group(0)):
            v = _VALUE.match(text, m.end())
            group = next((i for i in (1, 2, 3) if v and v.group(i)), None)
            if v and group:
                spans.append(v.span(group))
    for start, end in reversed(spans):
        text = text[:start] + MASK + text[end:]
    return text


def redact(value: Any, key: str = "") -> Any:
    """A copy of an event record with secrets masked; values under secret-looking keys are masked outright."""
    if isinstance(value, dict):
        return {k: redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, key) for v in value]
    if key and is_secret_name(key) and value not in (None, "", True, False):
        return MASK
    if isinstance(value, str):
        return redact_text(value)
    return value
