"""Settings for the test suite: the ordinary settings with development keys and fast hashing."""

import os

os.environ.setdefault("ATBALSTS_DEBUG", "1")

from atbalsts.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
# Tests see the real MFA requirement, never the demo relaxation.
DEMO_MODE = False
# Queued background work is recorded but not run: tests call the services (or the management
# commands) that a worker or a timer would run.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
