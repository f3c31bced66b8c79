"""Writes about the child's registers: participation profile, network, bisidder, safety."""
