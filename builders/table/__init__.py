"""The table builder (`table`): CSV, TSV and XLSX tables of partnerships and fundings, read
through a declarative TOML mapping. `mapping` parses mappings (shipped ones in `mappings/`),
`values` normalises cells (amounts, years, countries, statuses), `rows` finds each record's line
and span, `builder` turns rows into partnerships and fundings."""

from builders.table.builder import TableBuilder
from builders.table.mapping import Mapping, load_mapping, shipped

__all__ = ["Mapping", "TableBuilder", "load_mapping", "shipped"]
