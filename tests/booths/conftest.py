"""The editor's booth and signed-in session, shared by the workspace tests of this folder."""

from tests.booths.test_editor import booth, csrf  # noqa: F401  (fixtures, found by name)
