"""Tasks for the operations tests: module-level, as the task backends require."""

from stemme.operations.tasks import retrying_task

# Attempts seen by ``flaky``, per key, in this process (the in-process worker runs it here).
FLAKY_CALLS: dict[str, int] = {}


@retrying_task(max_attempts=3, backoff_seconds=10)
def always_fails(case_id: int) -> None:
    raise ConnectionRefusedError("the mail server does not answer")


@retrying_task(max_attempts=3, backoff_seconds=10)
def flaky(key: str) -> str:
    FLAKY_CALLS[key] = FLAKY_CALLS.get(key, 0) + 1
    if FLAKY_CALLS[key] == 1:
        raise TimeoutError("first try times out")
    return f"done after {FLAKY_CALLS[key]}"


@retrying_task(label="Læg to tal sammen")
def add(a: int, b: int) -> int:
    return a + b


@retrying_task(max_attempts=2, backoff_seconds=1)
def fails_quickly(case_id: int) -> None:
    """Fails every time and waits only a second before its one retry (the RQ retry test)."""
    raise ConnectionRefusedError("the mail server does not answer")
