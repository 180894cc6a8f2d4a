"""Third-party apps under names the desk's readers use, not their package names
(the admin's home showed "AXES" and "TAGGIT"); INSTALLED_APPS names these.

Not in heaven/apps.py: a second AppConfig there would stop Django picking
HeavenConfig for "heaven"."""

from axes.apps import AppConfig as AxesAppConfig
from taggit.apps import TaggitAppConfig


class TagsConfig(TaggitAppConfig):
    verbose_name = "Tags"


class LoginLockoutsConfig(AxesAppConfig):
    verbose_name = "Login lockouts"
