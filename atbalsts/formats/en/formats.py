# English pages show dates the Latvian way too: dd.mm.yyyy.
from atbalsts.formats.lv.formats import *  # noqa: F403
