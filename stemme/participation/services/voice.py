"""Writes about the child's voice: statements, conversations, rights information."""
