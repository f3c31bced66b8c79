"""The participation forms: ``registers`` (profile, network, bisidder, safety restriction)
and ``voice`` (the child's words, rights information)."""
