"""The harness's settings: Atbalsts' own settings plus the probe's addresses (probe_urls).

Used only by deploy/multihost/run.sh, never in production.
"""

from atbalsts.settings import *  # noqa: F403

ROOT_URLCONF = "probe_urls"
