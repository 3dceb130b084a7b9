"""Versions the index manifest records, importable without the parsers.

A server that only answers checks the index against ``PARSER_VERSION`` but
never parses; importing ``qa_bot.parse`` (its regular expressions, pypdf,
selectolax) for one string cost it about half a second.  ``qa_bot.parse``
re-exports the constant: bump it here when parsing changes what is indexed.
"""

PARSER_VERSION = "4"
