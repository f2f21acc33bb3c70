"""pdztables: indicator tables of Piano di Zona PDFs as clean, validated data."""

from pkgutil import extend_path

# The stages live in top-level folders (extract/, normalize/, ...) mapped into this package at
# install time; when Python finds this folder first (run from the source tree), extend_path
# adds the installed package's folder so that `pdztables.extract` and friends still resolve.
__path__ = extend_path(__path__, __name__)

__version__ = "0.1.0"
