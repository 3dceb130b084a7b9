"""Question answering over council meeting minutes, every statement cited.

The package mirrors the data flow: parse/ (minutes -> meetings and agenda
items) -> passages -> embed -> index -> retrieve (+ fuse) -> answer
(+ generate) -> assistant (the facade) -> cli / api / web adapters.
"""

__version__ = "0.1.0"
