"""What test modules share: factories, page and form helpers, and checks for system services.

Test modules import from here, never from one another; pytest fixtures live in tests/conftest.py.
"""
