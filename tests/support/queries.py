"""How many SQL queries a page costs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url):
    """Queries to render `url` afresh, once the small shared pieces (menu, sidebar) are cached."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
