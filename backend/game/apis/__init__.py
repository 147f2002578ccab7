"""The game's HTTP API: thin views, input serializer -> service/selector -> output serializer.

`rounds`: the players' rounds and their cards, my pick (PUT until the lock), my history,
the crowd after the lock, results. `rankings`: seasons, their tables, weekly tables, rank
history and search. `operator` (staff): seasons, featuring, opening, voiding and watching
the settlement, under /operator/.
"""
