"""Template filters for Danish formats; the rules themselves live in sporbar.formats."""

from django import template

from sporbar import formats

register = template.Library()

register.filter("mio_kr", formats.mio_kr)
register.filter("kr", formats.kr)
register.filter("dkdate", formats.date)
register.filter("pct", formats.percent)
register.filter("dknumber", formats.number)


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """The current page's query string with another page number (`side`), filters kept."""
    query = context["request"].GET.copy()
    query["side"] = number
    return "?" + query.urlencode()
