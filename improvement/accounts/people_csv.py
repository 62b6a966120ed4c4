"""Reading a CSV of people for ``import_people``: every problem found, none written.

Columns (header words in any case and order): name, e-mail, role, and optionally owner
roles (several separated by ";", each titled exactly as the plan writes it; curly and
straight apostrophes and letter case do not matter when only one role matches).
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from improvement.plans.models import OwnerRole

from .models import Membership
from .people import PersonError, plan_person

COLUMNS = {
    "name": {"name", "full name"},
    "email": {"email", "e-mail", "email address", "e-mail address"},
    "role": {"role", "role in the plan"},
    "owner_roles": {"owner roles", "owner role"},
}
REQUIRED = ("name", "email", "role")
ROLE_WORDS = {
    **{value: value for value in Membership.Role.values},
    **{label.lower(): value for value, label in Membership.Role.choices},
}


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self):
        where = {0: "The file", 1: "Row 1 (the header)"}.get(self.row, f"Row {self.row}")
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass
class Reading:
    changes: list = field(default_factory=list)  # (row number, PersonChange)
    problems: list = field(default_factory=list)


def _words(text):
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def _columns(header):
    """{column key: (index, the header as the file writes it)}, and problems."""
    found, problems = {}, []
    for index, cell in enumerate(header):
        for key, words in COLUMNS.items():
            if _words(cell) in words:
                if key in found:
                    problems.append(Problem(1, cell, "this column appears twice"))
                found[key] = (index, cell.strip())
    for key in REQUIRED:
        if key not in found:
            names = " or ".join(f'"{w}"' for w in sorted(COLUMNS[key]))
            problems.append(Problem(1, "", f"no {key} column (a header saying {names})"))
    return found, problems


class OwnerRoles:
    """The plan's owner roles by title: exact first, then ignoring case and apostrophes."""

    def __init__(self, plan):
        self.exact = {}
        self.loose = {}
        for role in OwnerRole.objects.filter(plan=plan):
            self.exact[role.title] = role
            self.loose.setdefault(_words(role.title), []).append(role)

    def find(self, title):
        if title in self.exact:
            return self.exact[title], None
        matches = self.loose.get(_words(title), [])
        if len(matches) == 1:
            return matches[0], None
        if matches:
            return None, f'"{title}" could be any of ' + "; ".join(r.title for r in matches)
        return None, f'"{title}" is not an owner role in this plan'


def read_people(text, plan):
    """Check every row of the CSV ``text`` against ``plan``; a ``Reading`` with the
    change each good row makes and every problem (rows numbered as a spreadsheet shows
    them: the header is row 1)."""
    reading = Reading()
    records = list(csv.reader(io.StringIO(text)))
    if not records:
        reading.problems.append(Problem(0, "", "the file is empty"))
        return reading
    columns, reading.problems = _columns(records[0])
    if reading.problems:
        return reading
    owner_roles = OwnerRoles(plan)
    seen = {}  # e-mail address in lower case: the row it was first on
    for number, record in enumerate(records[1:], start=2):
        if any(cell.strip() for cell in record):
            change, problems = _read_row(plan, number, record, columns, owner_roles, seen)
            if change is not None:
                reading.changes.append((number, change))
            reading.problems += problems
    return reading


def _read_row(plan, number, record, columns, owner_roles, seen):
    cells = {
        key: (record[i].strip() if i < len(record) else "", heading)
        for key, (i, heading) in columns.items()
    }
    problems = []

    def problem(key, message):
        problems.append(Problem(number, cells[key][1], message))

    name, email, role_word = (cells[k][0] for k in REQUIRED)
    if not name:
        problem("name", "enter the person's full name")
    try:
        validate_email(email)
    except ValidationError:
        problem("email", f'"{email}" is not an e-mail address' if email else "enter one")
    else:
        if email.lower() in seen:
            problem("email", f"{email} is on row {seen[email.lower()]} already")
        seen.setdefault(email.lower(), number)
    role = ROLE_WORDS.get(_words(role_word))
    if role is None:
        known = ", ".join(Membership.Role.values)
        problem("role", f'"{role_word}" is not a role (use one of: {known})')
    linked = []
    titles = cells["owner_roles"][0] if "owner_roles" in cells else ""
    for title in (t.strip() for t in titles.split(";")):
        if title:
            found, why = owner_roles.find(title)
            if found:
                linked.append(found)
            else:
                problem("owner_roles", why)
    if problems:
        return None, problems
    try:
        change = plan_person(
            plan, name=" ".join(name.split()), email=email, role=role, owner_roles=linked
        )
    except PersonError as error:
        problem(error.field, error.message)
        return None, problems
    return change, problems
