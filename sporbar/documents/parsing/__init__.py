"""Pure parsers: text → plain data. No database access here."""
