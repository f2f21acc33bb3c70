"""Schemas stage: the table's contract, built from a profile, and lazy validation."""

from .profile import ColumnSpec, HeaderMatch, Profile, header_key, load_profile, snake_case
from .validate import ERROR, WARNING, Failure, Validation, build_schemas, validate

__all__ = [
    "ERROR",
    "WARNING",
    "ColumnSpec",
    "Failure",
    "HeaderMatch",
    "Profile",
    "Validation",
    "build_schemas",
    "header_key",
    "load_profile",
    "snake_case",
    "validate",
]
