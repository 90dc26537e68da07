"""``policy import FILE.xml --study NEW-DIR``: an XMCDA document as a new study folder
(``policy import`` hands a .xml file over to here)."""

from __future__ import annotations

from pathlib import Path

import typer

from policy_options.errors import UsageError


def import_xmcda(file: Path, study: Path | None, dry_run: bool) -> None:
    """``policy import FILE.xml --study NEW-DIR``: the XMCDA document as a new study."""
    from policy_options.core.interchange.xmcda_read import read_xmcda, write_study_folder
    from policy_options.core.study.loading.folder import display_path

    if study is None:
        raise UsageError(
            "an XMCDA file becomes a new study: name its folder", hint="give --study NEW-DIR"
        )
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {display_path(file)}: {exc.strerror}") from None
    imported = read_xmcda(data, display_path(file))
    for warning in imported.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if dry_run:
        for name in imported.files:
            typer.echo(f"would create {study / name}", err=True)
        return
    write_study_folder(imported, study)
    other = ("study.yaml", "interactions.yaml")
    options = sum(1 for name in imported.files if "/" not in name and name not in other)
    typer.echo(f"created {study}: {len(imported.files)} files, {options} options", err=True)
