"""The comparison of two versions, as properties: it sees every difference and invents none."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from atbalsts.plans.catalogue import Area, GoalStatus
from atbalsts.plans.diff import ADDED, CHANGED, REMOVED, SAME, compare, summarise

dates = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2027, 12, 31)).map(
    datetime.date.isoformat)
activity = st.fixed_dictionaries({"text": st.sampled_from(["a", "b"]), "user": st.sampled_from([None, 1, 2]),
                                  "role": st.sampled_from(["lawyer", "psychologist"]), "due": dates})
goal = st.fixed_dictionaries({"area": st.sampled_from(Area.values), "text": st.sampled_from(["x", "y"]),
                              "status": st.sampled_from(GoalStatus.values),
                              "activities": st.lists(activity, max_size=3)})


def keyed(goals, prefix="g"):
    return {"goals": [{**g, "key": f"{prefix}{i}", "activities": [{**a, "key": f"{prefix}{i}a{j}"}
                                                                  for j, a in enumerate(g["activities"])]}
                      for i, g in enumerate(goals)]}


@given(st.lists(goal, max_size=4))
def test_a_version_compared_with_itself_has_no_differences(goals):
    content = keyed(goals)
    changes = compare(content, content)
    assert all(g.kind == SAME and all(a.kind == SAME for a in g.activities) for g in changes)
    assert summarise(changes).goals_changed == 0


@given(st.lists(goal, max_size=4), st.lists(goal, max_size=4))
def test_goals_with_different_keys_are_removed_and_added(before, after):
    s = summarise(compare(keyed(before, "old"), keyed(after, "new")))
    assert (s.goals_removed, s.goals_added, s.goals_changed) == (len(before), len(after), 0)


@given(st.lists(goal, min_size=1, max_size=4), st.data())
def test_every_changed_field_is_named(goals, data):
    before = keyed(goals)
    after = keyed(goals)
    i = data.draw(st.integers(0, len(goals) - 1))
    after["goals"][i] = {**after["goals"][i], "text": after["goals"][i]["text"] + "!"}
    changes = compare(before, after)
    assert [g.kind for g in changes].count(CHANGED) == 1
    assert changes[i].changed == ["text"]
    assert REMOVED not in [g.kind for g in changes] and ADDED not in [g.kind for g in changes]
