"""Privacy notices of other organisations, to hold the checks against (see CHECKS.md)."""
