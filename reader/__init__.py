"""Sift: a calm reader that lets you paint every sentence as fact or filler."""

__version__ = "0.1.0"
