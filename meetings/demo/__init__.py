"""Finished demo meetings: the reference meeting as it ran, and a smaller one in nynorsk.

`material.py` and `material_nn.py` hold what the meetings contain (people, timings, the
groups' cards) as plain data; `pictures.py` draws the photographs on some cards;
`loader.py` runs each meeting through the domain functions, from the first join to the
end, and then dates everything to the day it took place. `manage.py load_finished_meetings`
calls it.
"""
