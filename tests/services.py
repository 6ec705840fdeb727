"""Tests that need a real service skip without it, except under CI, where they fail."""

import os

import pytest

IN_CI = os.environ.get("CI") == "true"


def require(available: object, reason: str) -> None:
    """Skip when a real service is missing; under CI that is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)
