# English pages show dates the Latvian way too: dd.mm.yyyy; numbers the English way (1,234.50).
from atbalsts.formats.lv.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
