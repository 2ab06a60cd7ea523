"""Importers: pure parsers (no ORM), one module per format, that return ParsedPaper records."""
