"""social_cards: a 1200×630 link-preview image for every article, notebook, project,
page and the home page, drawn with Pillow in the theme's colours.

Context phase (``plan_cards``, after site_meta has described each page): each page
without a raster cover of its own gets ``social_image`` = its card's URL; the home
page's is ``HOME_SOCIAL_IMAGE``. Cards are drawn only when their content changed
(cached by a hash of what they show, in ``.cache/social-cards/``), in threads that
start then and run while Pelican writes the pages. Output phase (``write_cards``):
the cards are copied into ``output/social/``. List this plugin after
site_meta. Settings: SOCIAL_CARDS (True), SOCIAL_CARDS_PATH.
"""

from pelican import signals

from inkfolio import plain_pelican

from .cards import plan_cards, write_cards


def register():
    plain_pelican.register()  # under `pelican`, its errors fail the build
    signals.all_generators_finalized.connect(plan_cards)
    signals.finalized.connect(write_cards)
