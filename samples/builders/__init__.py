"""Builders of the sample PDFs, imported by samples/build.py (not an installed package)."""
