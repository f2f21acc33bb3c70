"""Schemas stage: the table's contract, built from a profile, and lazy validation.

`pdztables.schemas.profile` reads profiles; `pdztables.schemas.validate` (which loads pandas
and pandera) builds the pandera schemas from a profile and validates a table with them.
"""

from .profile import ColumnSpec, HeaderMatch, Profile, header_key, load_profile, snake_case

__all__ = ["ColumnSpec", "HeaderMatch", "Profile", "header_key", "load_profile", "snake_case"]
