"""Reads about the child's voice."""
