"""Sift's desktop window (PySide6): the only package allowed to import Qt."""
