"""Test overrides only: everything else comes from config.settings and the environment."""

import os

os.environ.setdefault("SCHAKEL_ENVIRONMENT", "test")
os.environ.setdefault("SCHAKEL_DATA_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test"))

from config.settings import *  # noqa: F403
from config.settings import HUEY, STORAGES

# Fast hashing in tests; production keeps Django's default (PBKDF2).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run inline so tests see their effects without a worker.
HUEY = {**HUEY, "immediate": True}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
