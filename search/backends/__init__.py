"""One search interface, one backend per database engine.

`get_backend()` picks the backend that fits the default database; views and templates only use
its two methods, `search(query)` and `related(post, limit)`, and never know which engine runs.

Both backends rank the same way. Posts whose title matches come first, then the others, each
group by relevance. So that a word found in most posts costs no more than a rare one, the work
per query is bounded: results are counted up to MAX_RESULTS (more shows as "more than"), and
each group is ranked among its newest MAX_RESULTS matches (by post id), which only changes
anything for queries that match more posts than that.
"""

from django.db import connection


def get_backend():
    if connection.vendor == "postgresql":
        from .postgresql import PostgreSQLBackend

        return PostgreSQLBackend()
    from .sqlite import SQLiteBackend

    return SQLiteBackend()
