"""Database addresses, read by libpq's own parser (``psycopg.conninfo``) wherever they are used.

A user may give any form libpq accepts: a URL, with a socket directory and port in its query or a
percent-encoded host, ``sslmode``, ``options`` or ``application_name``, or a ``key=value`` string; the
password may come from PGPASSWORD or a passfile. Django's settings, the connection checks and the
messages all read the same parse, so no form works in one place and fails in another.
"""

from __future__ import annotations

import gc
import getpass
import math
import os
import re
from typing import TYPE_CHECKING, Any

from pytest_aquadata.errors import AquadataError

if TYPE_CHECKING:
    import psycopg

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


def connect(url: str, timeout: float, **kwargs: Any) -> psycopg.Connection[Any]:
    """``psycopg.connect`` that gives up after ``timeout`` seconds (libpq counts whole seconds, psycopg at least
    2) and then leaves no session behind.

    psycopg abandons an attempt that times out without closing it: the libpq connection stays in a suspended
    generator that the exception's traceback keeps in a reference cycle until the garbage collector runs (as it
    did for a failed attempt, psycopg/psycopg#565), and the server completes it, so an idle session stays on the
    database. An attempt times out that way when it waits for a database being copied (CREATE DATABASE ...
    TEMPLATE holds the template against new sessions), and the session it leaves then keeps every later copy
    from being made. Collecting the cycle closes the attempt; a fresh exception carries no reference to it."""
    import psycopg

    try:
        return psycopg.connect(url, connect_timeout=max(2, math.ceil(timeout)), **kwargs)
    except psycopg.errors.ConnectionTimeout as exc:
        message = str(exc)
    gc.collect()  # the abandoned attempt is unreachable now that the handler has dropped its exception
    raise psycopg.errors.ConnectionTimeout(message)


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
