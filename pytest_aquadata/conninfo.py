"""Database addresses, read by libpq's own parser (``psycopg.conninfo``) wherever they are used.

A user may give any form libpq accepts: a URL, with a socket directory and port in its query or a
percent-encoded host, ``sslmode``, ``options`` or ``application_name``, or a ``key=value`` string; the
password may come from PGPASSWORD or a passfile. Django's settings, the connection checks and the
messages all read the same parse, so no form works in one place and fails in another.
"""

from __future__ import annotations

import getpass
import os
import re
from typing import Any

from pytest_aquadata.errors import AquadataError

#: The application name of a run's sessions where the user's address names none (libpq's PGAPPNAME), so a session
#: on the farm can be told as the run's or another program's (copies/pristine.py).
APPLICATION_NAME = "pytest-aquadata"
#: Keywords Django's DATABASES entry takes as its own fields; every other libpq keyword goes in OPTIONS.
_OWN_FIELDS = {"dbname": "NAME", "user": "USER", "password": "PASSWORD", "host": "HOST", "port": "PORT"}


def name_sessions() -> None:
    """Give every session this process and the processes it starts open (psycopg's, Django's, the xdist workers')
    the run's application name, unless the environment or an address names one: libpq reads PGAPPNAME for a
    connection whose address has no application_name."""
    os.environ.setdefault("PGAPPNAME", APPLICATION_NAME)


def params(url: str) -> dict[str, Any]:
    """libpq's keywords of ``url``; a string libpq cannot parse is a clean error with the password hidden."""
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        return dict(conninfo_to_dict(url))
    except ProgrammingError as exc:
        raise AquadataError(f"{redact(url)} is not a PostgreSQL URL or connection string ({exc}).\nFix: write it as "
                            "postgresql://user:password@host:port/database, or as key=value pairs.") from None


def with_database(url: str, name: str) -> str:
    """The same server and credentials, another database (libpq's key=value form)."""
    from psycopg.conninfo import make_conninfo

    params(url)
    return make_conninfo(url, dbname=name)


def database_name(url: str) -> str:
    """The database libpq connects to: dbname, else PGDATABASE, else the user name (as libpq defaults)."""
    given = params(url)
    return str(given.get("dbname") or os.environ.get("PGDATABASE") or given.get("user") or os.environ.get("PGUSER")
               or getpass.getuser())


def django_database(url: str) -> dict[str, Any]:
    """Django's DATABASES entry for ``url``: libpq's keywords as Django's fields, the rest as OPTIONS."""
    given = params(url)
    name = database_name(url)
    entry: dict[str, Any] = {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": None}
    entry.update({field: str(given.get(key, "")) for key, field in _OWN_FIELDS.items()})
    entry["NAME"] = name
    entry["OPTIONS"] = {key: value for key, value in given.items() if key not in _OWN_FIELDS}
    return entry


def redact(url: str) -> str:
    """``url`` as the user wrote it, with any password replaced by ***, for messages."""
    hidden = re.sub(r"(postgres(?:ql)?://[^:/@?#]*:)[^@/?#]*@", r"\1***@", url)
    return re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*)", r"\1***", hidden)
