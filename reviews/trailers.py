"""Trailers: a YouTube or Vimeo link on a film, shown as a click-to-load facade.

The page shows our own picture (the film's poster from the library, or a plain
panel) with a play link to the video's own page; `static/site/trailer.js` swaps
in the player only when the reader clicks, so no request or cookie reaches
YouTube or Vimeo before then. The player comes from youtube-nocookie.com or from
Vimeo with "do not track", the two hosts in `settings.TRAILER_FRAME_SOURCES`,
which are exactly what the CSP's `frame-src` allows.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
VIMEO_ID = re.compile(r"[0-9]{4,12}")


@dataclass(frozen=True)
class Trailer:
    service: str  # "YouTube" or "Vimeo"
    video_id: str

    @property
    def player_url(self) -> str:
        """The player: YouTube's without cookies, Vimeo's without tracking."""
        youtube, vimeo = settings.TRAILER_FRAME_SOURCES
        if self.service == "YouTube":
            return f"{youtube}/embed/{self.video_id}"
        return f"{vimeo}/video/{self.video_id}?dnt=1"

    @property
    def embed_url(self) -> str:
        """The player, started at once (the reader has just clicked)."""
        joiner = "&" if "?" in self.player_url else "?"
        return f"{self.player_url}{joiner}autoplay=1"

    @property
    def watch_url(self) -> str:
        """The video's own page: where the play link goes without JavaScript."""
        if self.service == "YouTube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"


def parse(url: str) -> Trailer | None:
    """The trailer a YouTube or Vimeo link points at, else None."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    candidate = ""
    if host == "youtu.be" and segments:
        candidate = segments[0]
    elif host in YOUTUBE_HOSTS:
        if segments == ["watch"]:
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) == 2 and segments[0] in ("embed", "shorts", "live"):
            candidate = segments[1]
    elif host in VIMEO_HOSTS:
        if segments and segments[0] == "video":
            segments = segments[1:]
        if len(segments) == 1 and VIMEO_ID.fullmatch(segments[0]):
            return Trailer("Vimeo", segments[0])
        return None
    if YOUTUBE_ID.fullmatch(candidate):
        return Trailer("YouTube", candidate)
    return None


def validate_trailer_url(url: str) -> None:
    if url and parse(url) is None:
        raise ValidationError(
            "Paste a YouTube or Vimeo link to the video, such as "
            "https://www.youtube.com/watch?v=… or https://vimeo.com/…",
            code="trailer_url",
        )
