"""`python tests/held_batch.py GATE ARGS...` runs `briefgen batch ARGS` with a gate the test
controls, so that a test can stop, kill or race a run at a known point on any machine,
however fast or slow, instead of hoping to land part way by timing.

A worker that has rendered a brief (its outputs written) while ``GATE/<folder>.hold``
exists, ``<folder>`` being the name of the brief's folder, touches
``GATE/<folder>.reached`` and waits, before it reports the brief back to the batch,
until the test removes the ``.hold`` file.  Nothing else changes: the batch, its
workers, its manifest and its signals are briefgen's own.

The gate wraps ``briefgen.pipeline.render_brief`` in this process before the batch starts
its workers, which are forked from it and so inherit the wrapper.  It lives in tests/,
so no installed briefgen has it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import briefgen.pipeline
from briefgen.cli import main

POLL_SECONDS = 0.01


def hold(gate: Path, brief: Path) -> None:
    """Wait while the test holds ``brief``'s folder at the gate."""
    name = Path(brief).parent.name
    held = gate / f"{name}.hold"
    if not held.exists():
        return
    (gate / f"{name}.reached").touch()
    while held.exists():
        time.sleep(POLL_SECONDS)


def install(gate: Path) -> None:
    real = briefgen.pipeline.render_brief

    def render_then_hold(brief: Path, *args: Any, **kwargs: Any) -> Any:
        result = real(brief, *args, **kwargs)
        hold(gate, brief)
        return result

    briefgen.pipeline.render_brief = render_then_hold  # type: ignore[assignment]


if __name__ == "__main__":
    install(Path(sys.argv[1]))
    sys.exit(main(["batch", *sys.argv[2:]]))
