"""How long a review is to read, for the writer's desk in the admin."""

import math
import re

from django.utils.html import strip_tags

# A common figure for adults reading on a screen.
WORDS_PER_MINUTE = 230
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def word_count(html: str) -> int:
    # Tags end where words may: "<p>one</p><p>two</p>" is two words, not "onetwo".
    text = strip_tags(re.sub(r"<", " <", html or ""))
    return len(WORD.findall(text))


def reading_minutes(html: str) -> int:
    words = word_count(html)
    return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0
