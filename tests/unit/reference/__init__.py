"""The suggestion rules and the quantity reader as they were before the speed work (issue 17):
the straightforward readings the fast paths are checked against (test_suggest_speed.py).
Frozen copies; not used by the app."""
