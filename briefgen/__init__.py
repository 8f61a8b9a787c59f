"""briefgen: turn an essay and a structured summary of it into a policy brief.

From Python (an Airflow, Prefect or Dagster task, an LLM pipeline)::

    import briefgen

    problems = briefgen.validate("inputs/x/brief.yaml")       # [] when valid
    result = briefgen.render("inputs/x/brief.yaml", "out")    # out/x.docx, out/x.pdf
    summary = briefgen.batch("inputs", "out", shard="1/2")    # summary.exit_code

Errors a user can act on are :class:`BriefgenError` (``.problems``, ``.exit_code``); see
``briefgen.api`` for each function.  ``import briefgen`` is cheap: the classes that live
with the heavy stages (``RenderResult``, ``Summary``, ``Shard``, ``LockedError``) are
imported on first use.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from briefgen.api import batch, default_jobs, render, validate
from briefgen.errors import BriefgenError, Problem

if TYPE_CHECKING:
    from briefgen.batch import BatchSummary as Summary
    from briefgen.batch import LockedError, Shard
    from briefgen.pipeline import RenderResult

__version__ = "0.1.0"
__all__ = [
    "BriefgenError",
    "LockedError",
    "Problem",
    "RenderResult",
    "Shard",
    "Summary",
    "__version__",
    "batch",
    "default_jobs",
    "render",
    "validate",
]

# name → (module, attribute): imported when first asked for (PEP 562), as importing
# briefgen.pipeline or briefgen.batch imports pydantic and the writers.
_LAZY = {
    "LockedError": ("briefgen.batch", "LockedError"),
    "RenderResult": ("briefgen.pipeline", "RenderResult"),
    "Shard": ("briefgen.batch", "Shard"),
    "Summary": ("briefgen.batch", "BatchSummary"),
}

if not TYPE_CHECKING:  # hidden from mypy, which would take every unknown name as Any

    def __getattr__(name: str) -> Any:
        try:
            module, attribute = _LAZY[name]
        except KeyError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(types.ModuleType):
    """Keeps ``briefgen.batch`` the function when the subpackage ``briefgen.batch`` loads.

    Importing a submodule sets it as an attribute of its package, which would replace
    the function after its first call (the call imports the subpackage).  The
    subpackage stays importable by name: ``from briefgen.batch import BatchOptions``.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name == "batch" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
