"""Logging pieces the settings name."""

import logging


class WithoutTraceback(logging.Filter):
    """Keep the message, drop the traceback: for expected noise such as requests
    with a Host header that is not ours (every scanner sends them), where the
    30-line traceback says nothing the one line does not."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
