"""forankring-docs: from a structured case file to a Word anchoring strategy.

(forankringsstrategi)
"""

__version__ = "0.1.0"
