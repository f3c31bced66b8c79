"""Reads about the child's registers."""
