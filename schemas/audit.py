"""An audit of a table read, against the page it was read from: the reading is exact, or the run
says where it may not be.

The audit shares nothing with the layout engine: it reads the page's words and horizontal
edges (`pdztables.extract.evidence`, a plain reading of the same characters and drawing) and the
output (each output cell's text and the boxes its text came from; what was left out, where and
why), and checks:

- `word_lost`: every word of the table's region (each part, and a few lines above and below it)
  lies in an output cell whose text holds it, or in something left out with a logged reason
  (the header, a repeated header or fragment, a group row, a running line, a line above or
  under the table); a running line is no reason where the same words stand at the same place
  inside a cell on another page;
- `text_elsewhere`: an output cell's text is the words standing in its boxes, in reading order
  (only the documented repairs between them: lines joined, spaces folded, ligatures);
- `word_cut`: a row's word lies inside its cell, not across its edge (a cut through text);
- `rows_overlap`: rows on a page do not overlap and keep the page's order;
- `text_split`: a cell's text on a page is one block, not lines from above and below another
  row's text;
- `text_above_key`: a row's text stands in one band on a page, not in bands with white across
  the row between them and its key in a lower one (the rest of the row before read into it);
- `two_keys`: a row's band holds no second number in the key column;
- `header_value`: no body cell repeats its own column's header words (a header's dates read as
  a row's values);
- `merged_open`: in a column filled in most rows, an empty cell right under a filled one with
  nothing drawn between them (no rule, no band edge) may be that cell merged down;
- `row_left_out`: a line left out under the table holds, in the key column, a number no row has;
- `running_label`: a group row's label comes back, the same, at the same place on another page
  read (a running head or foot taken for a group row).

Every finding is an error naming page, row and column, with the box to mark on the page.

The checks live by family in `audit_words`, `audit_geometry` and `audit_values`; the reading
of the pages they share (`Seen`) in `audit_seen`, the input's types in `audit_input`.

Limitations: the words are pdfplumber's (characters closer than 0.75 points); a word that two
cells set closer than that reads as one and is checked as one.
"""

from __future__ import annotations

from .audit_geometry import above_key, cut_words, overlapping_rows, split_texts, two_keys
from .audit_input import AuditInput, AuditSettings, Left, OutCell, Spot
from .audit_seen import Seen
from .audit_values import header_values, open_merges, rows_left_out, running_labels
from .audit_words import cell_texts, lost_words
from .findings import Failure

__all__ = ["AuditInput", "AuditSettings", "Left", "OutCell", "Spot", "audit"]


def audit(data: AuditInput, settings: AuditSettings | None = None) -> list[Failure]:
    """Every finding of the audit."""
    seen = Seen(data, settings or AuditSettings())
    found: list[Failure] = []
    for check in (
        lost_words,
        cell_texts,
        cut_words,
        overlapping_rows,
        split_texts,
        above_key,
        two_keys,
        header_values,
        open_merges,
        rows_left_out,
        running_labels,
    ):
        found += check(seen)
    return found
