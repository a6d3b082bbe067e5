"""Parallax: bilingual monitoring of China's commercial space sector."""

__version__ = "0.1.0"
