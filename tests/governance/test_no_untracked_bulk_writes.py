"""No code writes a tracked model behind the history's back.

QuerySet.update(), bulk_create() and bulk_update() skip simple-history's signals, so a
change made with them has no history row (no who, when or why). The only bulk writes
allowed are simple-history's bulk_create_with_history / bulk_update_with_history. This
test reads the project's code (its syntax tree, not text) and fails on any call of those
three methods whose receiver is a tracked model's manager or queryset, a history
manager, a related manager that holds tracked rows, or a variable assigned from one.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SCANNED = ["improvement", "bench", "scripts"]
FORBIDDEN = {"update", "bulk_create", "bulk_update"}
MANAGERS = {"objects", "history", "_default_manager", "_base_manager"}


def tracked_models():
    return [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]


def tracked_names():
    models = tracked_models()
    names = {m.__name__ for m in models} | {m.history.model.__name__ for m in models}
    accessors = set()
    for model in apps.get_models():
        for rel in model._meta.related_objects:
            if rel.related_model in models and rel.get_accessor_name():
                accessors.add(rel.get_accessor_name())
        for field in model._meta.many_to_many:
            if field.related_model in models:
                accessors.add(field.name)
    return names, accessors


def chain(node):
    """Names along a receiver expression, innermost first: Action.objects.filter(x) ->
    ["Action", "objects", "filter"]."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return list(reversed(names))
        else:
            return list(reversed(names))


class Scanner(ast.NodeVisitor):
    def __init__(self, models, accessors):
        self.models = models
        self.accessors = accessors
        self.scopes = [{}]  # variable name -> True if it holds tracked rows
        self.found = []

    def holds_tracked_rows(self, names):
        if not names:
            return False
        if names[0] in self.scopes[-1] or names[0] in self.scopes[0]:
            return True
        for i, name in enumerate(names):
            if name in self.models and i + 1 < len(names) and names[i + 1] in MANAGERS:
                return True
            if name in self.accessors and i > 0:
                return True
        return False

    def visit_FunctionDef(self, node):
        self.scopes.append({})
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node):
        if self.holds_tracked_rows(chain(node.value)):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.scopes[-1][target.id] = True
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in FORBIDDEN:
            if self.holds_tracked_rows(chain(func.value)):
                self.found.append((node.lineno, ast.unparse(node)[:100]))
        self.generic_visit(node)


def scan(source):
    models, accessors = tracked_names()
    scanner = Scanner(models, accessors)
    scanner.visit(ast.parse(source))
    return scanner.found


def project_files():
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


@pytest.mark.parametrize(
    "source",
    [
        "Action.objects.filter(plan=plan).update(rating=level)",
        "pm.Action.objects.bulk_create(rows)",
        "ActionOwner.objects.bulk_update(owners, ['role'])",
        "Action.history.filter(id=1).update(history_change_reason='x')",
        "def f(plan):\n    qs = Action.objects.filter(plan=plan)\n    qs.update(progress='')",
        "plan.actions.update(progress='')",
        "action.owners.all().update(order=1)",
        "Indicator.objects.bulk_update(rows, ['title'])",
    ],
)
def test_the_scanner_catches_a_write_that_skips_the_history(source):
    assert scan(source), source


@pytest.mark.parametrize(
    "source",
    [
        "bulk_update_with_history(objs, Action, ['rating'])",
        "bulk_create_with_history(objs, Action)",
        "context.update({'a': 1})",
        "MONTHS.update(x)",
        "Session.objects.filter(x=1).update(y=2)",
        "self.update(Action, group, ['rating'])",
        "Action.objects.update_or_create(ref='SL1', defaults={})",
    ],
)
def test_the_scanner_lets_safe_calls_through(source):
    assert not scan(source), source


def test_no_project_code_updates_or_bulk_writes_a_tracked_model_without_history():
    problems = []
    files = list(project_files())
    assert len(files) > 20
    for path in files:
        for line, code in scan(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(ROOT)}:{line}: {code}")
    assert not problems, "\n".join(problems)
