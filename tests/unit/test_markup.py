"""Static markup (app/components/markup.py and the fact lists built with it): whatever a person typed,
a name or a note, reaches the page as text, never as HTML."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nicegui import Client, ElementFilter
from nicegui.page import page

from app.components import markup
from app.components.text import facts

HOSTILE = '<img src=x onerror="alert(1)">&"\''


@pytest.fixture
def client() -> Iterator[Client]:
    with Client(page("/markup-test"), request=None) as built:
        yield built
    built.delete()


def test_link_escapes_text_and_address() -> None:
    html = markup.link(HOSTILE, '/x?a=1&b="2"', classes="brand", current=True)
    assert html == ('<a href="/x?a=1&amp;b=&quot;2&quot;" class="nicegui-link brand" aria-current="page">'
                    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&quot;&#x27;</a>')
    assert "<img" not in html


def test_link_without_classes_looks_like_ui_link() -> None:
    assert markup.link("Home", "/") == '<a href="/" class="nicegui-link">Home</a>'


def test_items_is_a_list_of_the_given_markup() -> None:
    assert markup.items(["<a>1</a>", "<a>2</a>"]) == "<ul><li><a>1</a></li><li><a>2</a></li></ul>"


def test_text_is_escaped_and_attributes_set(client: Client) -> None:
    block = markup.text(HOSTILE, classes="notice", element="span", role="status", aria_live="polite")
    assert isinstance(block, markup.Markup) and block.tag == "span"
    assert block.markup == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&quot;&#x27;"
    assert "notice" in block.classes
    assert block.props["role"] == "status" and block.props["aria-live"] == "polite"


def test_facts_escape_labels_and_values(client: Client) -> None:
    block = facts([("Name", HOSTILE), ("ID <number>", "1101**********0011")])
    assert block.tag == "dl"
    assert block.markup == ("<dt>Name</dt><dd>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&quot;&#x27;</dd>"
                             "<dt>ID &lt;number&gt;</dt><dd>1101**********0011</dd>")


def test_a_value_in_parts_wraps_only_between_them_and_each_part_is_escaped() -> None:
    html = markup.definitions([("ID", ("110101", "********", "<b>")), ("Name", "张伟")])
    assert html == "<dt>ID</dt><dd>110101<wbr>********<wbr>&lt;b&gt;</dd><dt>Name</dt><dd>张伟</dd>"


def test_an_id_number_is_shown_in_its_three_groups() -> None:
    from app.components.text import id_number

    assert id_number("110101********0017") == ("110101", "********", "0017")
    assert id_number("*********") == ("*********",)  # anything but 18 characters stays whole


def test_an_element_escapes_its_text_and_attributes() -> None:
    html = markup.element("div", HOSTILE, classes='a"b', role="alert", data_template="{seconds} <s>")
    assert html == ('<div class="a&quot;b" role="alert" data-template="{seconds} &lt;s&gt;">'
                    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&quot;&#x27;</div>')
    assert markup.element("h2", "E-card") == "<h2>E-card</h2>"


def test_tests_see_a_blocks_text_not_its_attributes(client: Client) -> None:
    block = markup.static(markup.element("div", "Code valid for 60 more seconds", data_expired="This code has expired"))
    assert block in list(ElementFilter(content="Code valid for 60"))
    assert block not in list(ElementFilter(content="This code has expired"))


def test_wrap_escapes_its_attributes_and_keeps_the_ready_made_markup() -> None:
    inner = markup.element("span", HOSTILE)
    html = markup.wrap("section", inner, classes='a"b', aria_labelledby='x"y')
    assert html == f'<section class="a&quot;b" aria-labelledby="x&quot;y">{inner}</section>'
    assert "<img" not in html


def test_a_linked_definition_escapes_its_label_and_keeps_the_link() -> None:
    link = markup.link(HOSTILE, "tel:01012393")
    html = markup.linked_definition(HOSTILE, link)
    assert html == f"<dt>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&quot;&#x27;</dt><dd>{link}</dd>"
    assert "<img" not in html
