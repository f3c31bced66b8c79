"""Helpers for tests that need a second, real database connection beside the test's own
transaction (concurrency and locking tests)."""

#: The connection's state that the test's own transaction (pytest-django's ``db``) holds.
CONNECTION_STATE = (
    "connection",
    "autocommit",
    "in_atomic_block",
    "savepoint_state",
    "savepoint_ids",
    "atomic_blocks",
    "commit_on_exit",
    "needs_rollback",
    "rollback_exc",
    "closed_in_transaction",
    "run_on_commit",
    "run_commit_hooks_on_set_autocommit_on",
    "errors_occurred",
    "health_check_done",
    "close_at",
)
