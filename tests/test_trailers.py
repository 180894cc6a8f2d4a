"""A trailer link on a film: YouTube or Vimeo only, shown as a facade (no
player, no third-party address but the play link), framed only from the two
players the CSP allows, and described as a VideoObject."""

import json
import re

import pytest
from django.core.exceptions import ValidationError

from reviews.trailers import Trailer, parse
from tests.conftest import make_film, make_library_image

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "url, trailer",
    [
        (YOUTUBE, Trailer("YouTube", "dQw4w9WgXcQ")),
        ("https://youtu.be/dQw4w9WgXcQ?t=3", Trailer("YouTube", "dQw4w9WgXcQ")),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", Trailer("YouTube", "dQw4w9WgXcQ")),
        (
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            Trailer("YouTube", "dQw4w9WgXcQ"),
        ),
        ("https://vimeo.com/76979871", Trailer("Vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871", Trailer("Vimeo", "76979871")),
        ("https://www.youtube.com/watch?v=short", None),
        ("https://example.org/watch?v=dQw4w9WgXcQ", None),
        ("javascript:alert(1)//youtu.be/dQw4w9WgXcQ", None),
        ("https://vimeo.com/channels/staffpicks", None),
    ],
)
def test_links_that_name_a_video(url, trailer):
    assert parse(url) == trailer


def test_players_are_youtubes_without_cookies_and_vimeos_without_tracking():
    assert parse(YOUTUBE).embed_url == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    assert parse("https://vimeo.com/76979871").embed_url == (
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    )


def test_a_film_refuses_a_link_that_is_no_trailer(db):
    film = make_film("Burning", trailer_url="https://example.org/trailer")

    with pytest.raises(ValidationError) as refused:
        film.full_clean()

    assert "YouTube or Vimeo" in str(refused.value)


def test_the_film_page_shows_a_facade_and_frames_only_the_players(client, db):
    poster = make_library_image("Burning poster", size=(600, 900))
    film = make_film("Burning", trailer_url=YOUTUBE, poster=poster)

    response = client.get(film.get_absolute_url())
    page = response.text

    assert "<iframe" not in page
    assert (
        'data-trailer="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"'
        in page
    )
    assert f'class="trailer-play" href="{YOUTUBE}"' in page
    assert '<script src="/static/site/trailer.js" defer>' in page
    # Nothing from YouTube loads with the page: no src, srcset or link to it.
    loaded = re.findall(r'(?:src|srcset|href)="([^"]+)"', page)
    assert not [url for url in loaded if "youtube" in url and url != YOUTUBE]
    policy = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert policy["frame-src"] == (
        "https://www.youtube-nocookie.com https://player.vimeo.com"
    )


def test_a_film_without_a_trailer_loads_no_trailer_script(client, db):
    page = client.get(make_film("Burning").get_absolute_url()).text

    assert "trailer" not in page


def test_the_trailer_is_a_video_object(client, db):
    poster = make_library_image("Burning poster", size=(600, 900))
    film = make_film("Burning", trailer_url=YOUTUBE, poster=poster, logline="A fire.")

    page = client.get(film.get_absolute_url()).text
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S
    )
    movie = next(
        data for data in map(json.loads, blocks) if data.get("@type") == "Movie"
    )

    video = movie["trailer"]
    assert video["@type"] == "VideoObject"
    assert video["name"] == "Burning: trailer"
    assert video["description"] == "A fire."
    assert video["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert video["url"] == YOUTUBE
    assert video["thumbnailUrl"].startswith("http://testserver/media/renditions/")
