"""The reference for `login_flood.py`: production settings with the former login throttling
(per username and IP only: unknown usernames were never throttled)."""

from jiaogongti.settings import *  # noqa: F403

AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
