"""Sift's dialogs: add URL, export, site logins, labels, preferences, about."""
