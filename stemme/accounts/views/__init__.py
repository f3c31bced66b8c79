"""The accounts app's pages: ``auth`` (login, two-step login, security, logout) and
``organisation`` (the administrator's organisation pages, a colleague's profile and photo)."""
