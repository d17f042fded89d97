"""Settings for the test suite: production settings with the parts tests cannot use turned off."""

from .settings import *  # noqa: F403

# The test client speaks plain HTTP and never runs collectstatic.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Hashing passwords slowly is the point in production and a waste in tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Persistent connections would outlive the live-server thread and block dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# SQLite tests use a database file, as production does (WAL, busy timeout, BEGIN IMMEDIATE):
# the in-memory one shares a cache between threads and answers parallel requests with
# "database table is locked" instead of waiting for the write lock.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-database.sqlite3")}  # noqa: F405
# Jobs run inside the request that submits them (the worker's own path is tested apart),
# and keep their files and cache in a folder of the run's own.
import tempfile  # noqa: E402

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
JGT_DATA_DIR = Path(tempfile.mkdtemp(prefix="jgt-test-"))  # noqa: F405
JGT_PRIVATE_ROOT = JGT_DATA_DIR / "private"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": JGT_DATA_DIR / "cache"}}
# A test's writes are never committed (each test is one transaction rolled back), so a
# kept figure would outlive them: tests work figures out each time, except the tests of
# keeping them (jiaogongti/tests/test_figures_cache.py), which commit.
JGT_KEEP_FIGURES = False
