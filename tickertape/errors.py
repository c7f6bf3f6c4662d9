"""The one exception the core raises for input it cannot use."""


class UnreadableSource(Exception):
    """A source that cannot be read or has nothing to publish; the message says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
