"""The base of every study file's model, and the number types the files use.

Each ``*File`` model, and each part of one, is a :class:`FileModel`: frozen, unknown keys
forbidden. ``policy schema`` finds the study's models as its subclasses.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Weight = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]
Cost = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]


class FileModel(BaseModel):
    # attribute docstrings become the field descriptions of `policy schema`, which reads
    # them from the source itself (core/study/schema.py): pydantic's use_attribute_docstrings
    # would parse the models' files on every start-up, some 30 ms of `policy rank`
    model_config = ConfigDict(extra="forbid", frozen=True)
