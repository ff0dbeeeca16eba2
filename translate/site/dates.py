"""Post dates as each generator reads them: the wall-clock date and time its URL placeholders print.

The same front matter date gives different URLs in different generators, checked against real
builds (Jekyll 4.3.1, Hugo 0.111.3, Hexo 7.3.0):

- a YAML timestamp without an offset (``2020-05-06 23:30:00``) is UTC to Jekyll (Psych), which then
  shows it in the build's time zone; Hugo and Hexo print it as written;
- a timestamp with an offset is shown in the build's time zone by Jekyll, kept in its own offset by
  Hugo, and read by Hexo (hexo-front-matter 4) as its UTC clock time;
- a quoted date (a string) is read as written when it has no offset, else like a timestamp;
- a date without a time is midnight, as written, everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
"""English month names, as the generators print them."""
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""English weekday names, Monday first (``datetime.weekday()`` order)."""

PADDED_DATE_PARTS: dict[str, Callable[[dt.datetime], str]] = {
    "year": lambda d: f"{d.year:04d}",
    "month": lambda d: f"{d.month:02d}",
    "day": lambda d: f"{d.day:02d}",
    "hour": lambda d: f"{d.hour:02d}",
    "minute": lambda d: f"{d.minute:02d}",
    "second": lambda d: f"{d.second:02d}",
    "i_month": lambda d: str(d.month),
    "i_day": lambda d: str(d.day),
}
"""The date placeholders Jekyll and Hexo both have and print alike (zero-padded, ``i_`` unpadded)."""

_TEXT_DATE = re.compile(
    r"\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?\s*"
)


@dataclass(frozen=True, slots=True)
class DateReading:
    """How one generator turns a front matter date into the clock time its URLs print."""

    naive_is_utc: bool
    """A timestamp without an offset is a UTC instant (Jekyll), not a wall-clock time (Hugo, Hexo)."""
    offset: str
    """What a timestamp with an offset becomes: ``zone`` (the build's time zone), ``own`` (its offset) or ``utc`` (its UTC clock)."""
    text_offset: str
    """The same for a quoted date with an offset."""
    bare_text_date_is_utc: bool = False
    """A quoted date without a time is UTC midnight (JavaScript's ``new Date("2021-09-05")``)."""


READINGS: dict[str, DateReading] = {
    "jekyll": DateReading(naive_is_utc=True, offset="zone", text_offset="zone"),
    "hugo": DateReading(naive_is_utc=False, offset="own", text_offset="own"),
    "hexo": DateReading(naive_is_utc=False, offset="utc", text_offset="zone", bare_text_date_is_utc=True),
}
"""Generator name → how it reads front matter dates."""


def parse_text_date(value: str) -> dt.datetime | dt.date | None:
    """A date written as text (``2021-09-05``, ``2021-09-05 10:00:00 +0800``, ISO 8601), else None."""
    found = _TEXT_DATE.fullmatch(value)
    if not found:
        return None
    year, month, day, hour, minute, second, offset = found.groups()
    try:
        if hour is None:
            return dt.date(int(year), int(month), int(day))
        zone = None
        if offset:
            zone = dt.timezone.utc if offset in "Zz" else _offset(offset)
        return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=zone)
    except ValueError:
        return None


def _offset(text: str) -> dt.timezone:
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
    return dt.timezone(dt.timedelta(minutes=-minutes if text[0] == "-" else minutes))


def wall_clock(value: object, reading: DateReading, zone: dt.tzinfo) -> dt.datetime | None:
    """The date and time ``value`` (a front matter date) prints as in URLs; None when it is not a date.

    ``zone`` is the time zone the site is built in (its configured time zone, else UTC).
    """
    from_text = isinstance(value, str)
    if isinstance(value, str):
        parsed = parse_text_date(value)
        if parsed is None:
            return None
        if reading.bare_text_date_is_utc and not isinstance(parsed, dt.datetime):
            parsed = dt.datetime(parsed.year, parsed.month, parsed.day, tzinfo=dt.timezone.utc)
        value = parsed
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            if reading.naive_is_utc and not from_text:
                return value.replace(tzinfo=dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
            return value
        rule = reading.text_offset if from_text else reading.offset
        if rule == "own":
            return value.replace(tzinfo=None)
        if rule == "utc":
            return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value.astimezone(zone).replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return None


def time_zone(name: str | None) -> dt.tzinfo | None:
    """The IANA time zone ``name`` (``Asia/Shanghai``); UTC for None or ""; None when the name is unknown."""
    if not name:
        return dt.timezone.utc
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None
