"""Reads a page's head as crawlers do: meta tags, links and JSON-LD, with the standard library's parser."""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Head:
    title: str = ""
    meta: dict = field(default_factory=dict)  # name or property -> content
    links: list = field(default_factory=list)  # attribute dicts of <link> elements
    json_ld_scripts: list = field(default_factory=list)  # raw text of each ld+json script
    script_count: int = 0

    def link(self, rel):
        return [link for link in self.links if link.get("rel") == rel]

    @property
    def canonical(self):
        (link,) = self.link("canonical")
        return link["href"]

    @property
    def json_ld(self):
        """The JSON-LD graph's nodes, from the page's single JSON-LD script."""
        (text,) = self.json_ld_scripts
        return json.loads(text)["@graph"]

    def nodes(self, schema_type):
        return [node for node in self.json_ld if node["@type"] == schema_type]


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head = Head()
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.head.meta[attrs.get("name") or attrs.get("property")] = attrs["content"]
        elif tag == "link":
            self.head.links.append(attrs)
        elif tag == "script":
            self.head.script_count += 1
            self._in = "ld" if attrs.get("type") == "application/ld+json" else "script"
            if self._in == "ld":
                self.head.json_ld_scripts.append("")
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag):
        if tag in ("script", "title"):
            self._in = None

    def handle_data(self, data):
        if self._in == "ld":
            self.head.json_ld_scripts[-1] += data
        elif self._in == "title":
            self.head.title += data


def parse_head(html):
    parser = _HeadParser()
    parser.feed(html)
    parser.close()
    return parser.head


def head_of(client, url, **params):
    """The head of the page at `url`, which must answer 200."""
    response = client.get(url, params)
    assert response.status_code == 200
    return parse_head(response.content.decode())
