"""Operators' chores behind the `pameran` command: static export, storage checks, backups."""
