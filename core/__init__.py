"""Shared foundations: settings, errors and the post model live in small modules here."""
