"""Calibrate: from a replayed case log to a scenario whose every figure says where it came from."""
