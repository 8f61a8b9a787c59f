"""The command line: argv → one call → exit code.  The only package that prints or exits.

Heavy modules (pydantic, python-docx, reportlab) are imported inside the commands, so
``briefgen --help`` starts fast.  Every error a user can act on is a BriefgenError and
prints as one line per problem with exit code 2; anything else is a bug and still prints
one line, unless ``--debug`` asks for the traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

# Each module adds its commands to the group when imported.
from briefgen.cli import authoring, batch, check, render, review, templates  # noqa: F401
from briefgen.cli.app import cli

__all__ = ["cli", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 failures in a batch or a bug, 2 bad input)."""
    from briefgen.errors import BriefgenError, ExitCode

    args = list(sys.argv[1:] if argv is None else argv)
    # --debug is the group's option, but people add it where the error was: after the
    # command (`briefgen render BRIEF --debug`).  Accept it anywhere before a `--`.
    end = args.index("--") if "--" in args else len(args)
    debug = "--debug" in args[:end]
    if debug:
        args = ["--debug", *(a for a in args[:end] if a != "--debug"), *args[end:]]
    try:
        code = cli.main(args=args, prog_name="briefgen", standalone_mode=False)
        # With standalone_mode off, click returns a command's Exit code instead of raising.
        return code if isinstance(code, int) else ExitCode.OK
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except click.exceptions.Abort:
        click.echo("briefgen: interrupted", err=True)
        return ExitCode.SIGINT
    except BriefgenError as err:
        for problem in err.problems:
            click.echo(str(problem), err=True)
        return err.exit_code
    except KeyboardInterrupt:
        click.echo("briefgen: interrupted", err=True)
        return ExitCode.SIGINT
    except Exception as err:  # a bug: still one line, unless --debug
        if debug:
            raise
        click.echo(f"briefgen: internal error: {err!r} (rerun with --debug)", err=True)
        return ExitCode.FAILED


if __name__ == "__main__":
    sys.exit(main())
