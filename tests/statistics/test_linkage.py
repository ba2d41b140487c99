"""Each person counted once nationally: keyed Bloom-filter encodings matched across organisations
(statistics/linkage.py, ADR 0020f)."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from atbalsts.accounts.models import Organisation, OrganisationKind
from atbalsts.identification import services as identification
from atbalsts.people.services import create_client
from atbalsts.statistics import linkage, synthetic
from atbalsts.statistics.models import LinkageEncoding, StatisticalRecord
from tests.conftest import actor

BORN = datetime.date(1991, 4, 9)


@pytest.mark.parametrize("spelling", ["Yuliia", "Julija", "Yulia", "Юлия", "YULIYA", "Iuliia", "Jūlija"])
def test_every_spelling_of_yulia_folds_to_one_name(spelling):
    assert linkage.fold(spelling) == "julia"


def test_latvian_diacritics_and_the_latvian_masculine_ending_fold_away():
    assert linkage.fold("Aleksandrs Ševčenko") == linkage.fold("Aleksandr Shevchenko") == "aleksandr sevcenko"
    assert linkage.fold("Sergejs") == linkage.fold("Sergey") == linkage.fold("Сергей") == "sergei"
    assert linkage.fold("Bērziņa") == linkage.fold("BERZINA") == "berzina"


def test_swapped_given_name_and_surname_encode_exactly_alike():
    a = linkage.encode("Anna", "Ozola", BORN, "female")
    b = linkage.encode("Ozola", "Anna", BORN, "female")
    assert a == b
    assert len(a.clk) == 128


def test_a_swapped_day_and_month_or_a_typo_stays_above_the_threshold():
    base = linkage.encode("Yuliia", "Shevchenko", BORN, "female")
    swapped = linkage.encode("Julija", "Ševčenko", datetime.date(1991, 9, 4), "female")
    typo = linkage.encode("Yulia", "Shevchneko", BORN, "female")
    assert linkage.dice(base.clk, swapped.clk) >= linkage.THRESHOLD
    assert linkage.dice(base.clk, typo.clk) >= linkage.THRESHOLD
    # The day/month swap keeps the date block, so the pair is compared at all.
    assert base.block_date == swapped.block_date


def test_another_person_born_the_same_day_stays_below_the_threshold():
    a = linkage.encode("Yuliia", "Shevchenko", BORN, "female")
    b = linkage.encode("Anna", "Ozola", BORN, "female")
    assert linkage.dice(a.clk, b.clk) < linkage.THRESHOLD


def test_the_encoding_depends_on_the_key(settings):
    a = linkage.encode("Anna", "Ozola", BORN, "female")
    settings.LINKAGE_KEY = "another-linkage-key-for-this-test-only-000"
    b = linkage.encode("Anna", "Ozola", BORN, "female")
    assert a.clk != b.clk
    assert linkage.dice(a.clk, b.clk) < 0.6


def test_linkage_refuses_to_run_without_a_key(settings):
    settings.LINKAGE_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        linkage.encode("Anna", "Ozola", BORN, "female")


def test_the_matcher_joins_variants_and_keeps_strangers_apart():
    encs = [
        linkage.encode("Oksana", "Kovalenko", BORN, "female"),
        linkage.encode("Kovalenko", "Oksana", BORN, "female"),
        linkage.encode("Oksana", "Kovalenko", datetime.date(1991, 9, 4), "female"),
        linkage.encode("Jānis", "Kalniņš", BORN, "male"),
    ]
    labels = linkage.match([e.clk for e in encs], [e.block_date for e in encs], [e.block_name for e in encs])
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] != labels[0]


def _person_at(user, given, surname, born, sex="female"):
    client = create_client(actor(user), {"given_names": given, "surname": surname, "birth_date": born, "sex": sex})
    identification.open_case(actor(user), client)
    return client


@pytest.fixture
def two_providers(people):
    """The same woman at both providers (written differently), and one stranger at each."""
    _person_at(people["sw"], "Yuliia", "Shevchenko", BORN)
    _person_at(people["outsider"], "Ševčenko", "Julija", datetime.date(1991, 9, 4))
    _person_at(people["sw"], "Līga", "Bērziņa", datetime.date(1995, 3, 14))
    _person_at(people["outsider"], "Jānis", "Kalniņš", datetime.date(1980, 1, 2), "male")
    return people


def test_the_command_counts_the_person_helped_by_two_providers_once(two_providers):
    assert linkage.distinct_persons(StatisticalRecord.objects.all()) == 4  # not linked yet
    out = io.StringIO()
    call_command("statistics_link", stdout=out)
    assert StatisticalRecord.objects.count() == 4
    assert linkage.distinct_persons(StatisticalRecord.objects.all()) == 3
    assert StatisticalRecord.objects.values("person_cluster").distinct().count() == 3
    assert "Encoded 4 records; 4 linked into 3 persons (4 records changed cluster)." in out.getvalue()


def test_the_command_leaves_the_national_trend_counted_for_the_dashboard(two_providers, clock_today,
                                                                        django_assert_num_queries):
    from atbalsts.statistics import dashboard, figures

    call_command("statistics_link", stdout=io.StringIO())
    years = list(range(clock_today.year - dashboard.TREND_YEARS + 1, clock_today.year + 1))
    # Only the years' stamps are read: every line was counted by the command after the linkage.
    with django_assert_num_queries(1):
        table = figures.identified_by_year(None, years)
    counted = figures._count_years(None, years)
    assert table.cells == [[counted[y][c] for c in figures.STATUS_COLUMNS] for y in years]
    assert sum(sum(line) for line in table.cells) > 0


def test_the_encodings_are_stored_per_organisation_without_names_or_clients(two_providers, orgs):
    call_command("statistics_link", stdout=io.StringIO())
    assert LinkageEncoding.objects.filter(organisation=orgs["provider_a"]).count() == 2
    assert LinkageEncoding.objects.filter(organisation=orgs["provider_b"]).count() == 2
    assert {f.name for f in LinkageEncoding._meta.concrete_fields} == {
        "record_key", "organisation", "clk", "block_date", "block_name", "key_id"}
    record_keys = set(StatisticalRecord.objects.values_list("pk", flat=True))
    assert set(LinkageEncoding.objects.values_list("record_key", flat=True)) == record_keys
    for enc in LinkageEncoding.objects.all():
        assert b"hevchenko" not in bytes(enc.clk).lower()


def test_running_the_command_again_changes_nothing(two_providers):
    call_command("statistics_link", stdout=io.StringIO())
    before = dict(StatisticalRecord.objects.values_list("pk", "person_cluster"))
    out = io.StringIO()
    call_command("statistics_link", stdout=out)
    assert dict(StatisticalRecord.objects.values_list("pk", "person_cluster")) == before
    assert "(0 records changed cluster)" in out.getvalue()


def test_a_sandbox_organisation_is_not_encoded(people, orgs):
    sandbox = Organisation.objects.create(name="Sandbox", kind=OrganisationKind.OTHER, is_sandbox=True)
    _person_at(people["sw"], "Anna", "Ozola", BORN)
    StatisticalRecord.objects.create(import_batch=None)
    call_command("statistics_link", stdout=io.StringIO())
    assert not LinkageEncoding.objects.filter(organisation=sandbox).exists()
    # The record without an encoding still counts, as one person.
    assert linkage.distinct_persons(StatisticalRecord.objects.all()) == 2


def test_the_threshold_is_bounded(two_providers):
    err = io.StringIO()
    call_command("statistics_link", "--threshold", "0.1", stdout=io.StringIO(), stderr=err)
    assert "between 0.5 and 1" in err.getvalue()
    assert not StatisticalRecord.objects.filter(person_cluster__isnull=False).exists()


def test_distinct_persons_counts_clusters_and_unlinked_records(db):
    import uuid

    cluster = uuid.uuid4()
    StatisticalRecord.objects.create(person_cluster=cluster)
    StatisticalRecord.objects.create(person_cluster=cluster)
    StatisticalRecord.objects.create(person_cluster=uuid.uuid4())
    StatisticalRecord.objects.create()
    assert linkage.distinct_persons(StatisticalRecord.objects.all()) == 3
    assert linkage.distinct_persons(StatisticalRecord.objects.none()) == 0


def test_linkage_quality_on_2000_synthetic_persons_with_injected_duplicates():
    """Measured at THRESHOLD 0.80: precision 0.9915, recall 0.9888 (710 of 712 true pairs found
    with 6 wrong ones). The bounds leave a little room for a change of Faker's name lists."""
    records = synthetic.generate(2000)
    run = linkage.encoder()
    encs = [run(r.given_names, r.surname, r.birth_date, r.sex) for r in records]
    labels = linkage.match([e.clk for e in encs], [e.block_date for e in encs], [e.block_name for e in encs])
    quality = synthetic.pair_quality([r.person for r in records], labels)
    assert quality["persons"] == 2000
    assert quality["true_pairs"] > 600
    assert quality["precision"] >= 0.98
    assert quality["recall"] >= 0.975
    # The count the coordinator sees is within 1 % of the truth.
    assert abs(quality["clusters"] - 2000) <= 20


def test_the_synthetic_duplicates_carry_every_kind_of_variant():
    records = synthetic.generate(300, duplicate_share=1.0)
    by_person: dict[int, list] = {}
    for r in records:
        by_person.setdefault(r.person, []).append(r)
    swapped_dates = sum(1 for rs in by_person.values() if len({r.birth_date for r in rs}) > 1)
    swapped_names = sum(1 for rs in by_person.values()
                        if any(r.given_names == rs[0].surname for r in rs[1:]))
    cyrillic_free = all(not any("\u0400" <= ch <= "\u04ff" for ch in r.given_names + r.surname) for r in records)
    assert swapped_dates > 10
    assert swapped_names > 10
    assert cyrillic_free
    assert len({r.organisation for rs in by_person.values() for r in rs if len(rs) > 1}) == 5


# --- the encodings stay byte-identical across speed-ups -----------------------------------------

_VECTORS = Path(__file__).parent / "data" / "linkage_vectors.json"


def _reference_vectors():
    data = json.loads(_VECTORS.read_text(encoding="utf-8"))
    rows = [(v["given_names"], v["surname"], datetime.date.fromisoformat(v["birth_date"]) if v["birth_date"] else None,
             v["sex"]) for v in data["vectors"]]
    expected = [(bytes.fromhex(v["clk"]), v["block_date"], v["block_name"]) for v in data["vectors"]]
    return data["key"], rows, expected


def test_encodings_match_the_reference_vectors_made_before_the_cached_encoder(settings):
    """The vectors were written by the per-token HMAC encoder of commit 812285d: stored encodings
    stay valid only while every later encoder gives the same bytes for the same key."""
    key, rows, expected = _reference_vectors()
    settings.LINKAGE_KEY = key
    assert len(rows) > 300
    run = linkage.encoder()
    for row, want in zip(rows, expected, strict=True):
        got = run(*row)
        assert (got.clk, got.block_date, got.block_name) == want, row
        # The one-off function agrees with the cached encoder.
        single = linkage.encode(*row)
        assert (single.clk, single.block_date, single.block_name) == want, row


def test_encoding_in_worker_processes_gives_the_reference_bytes(settings):
    key, rows, expected = _reference_vectors()
    settings.LINKAGE_KEY = key
    # Chunks of 40 records over two worker processes, then everything in this process.
    for processes in (2, 1):
        batch = linkage.encode_batch(rows, processes=processes, chunk=40)
        assert len(batch) == len(rows)
        got = [batch.encoding(i) for i in range(len(batch))]
        assert [(e.clk, e.block_date, e.block_name) for e in got] == expected


def test_the_encoder_caches_stay_bounded_and_the_bytes_do_not_change(settings, monkeypatch):
    key, rows, expected = _reference_vectors()
    settings.LINKAGE_KEY = key
    monkeypatch.setattr(linkage, "CACHE_ENTRIES", 7)
    run = linkage.encoder()
    for row, want in zip(rows * 2, expected * 2, strict=True):
        got = run(*row)
        assert (got.clk, got.block_date, got.block_name) == want
    caches = [v for v in vars(run).values() if isinstance(v, dict)]
    assert len(caches) == 7
    assert all(len(c) <= 7 for c in caches)
    assert max(len(c) for c in caches) == 7


def _brute_pairs(values: list[str], max_block: int) -> set[tuple[int, int]]:
    groups: dict[str, list[int]] = {}
    for i, v in enumerate(values):
        if v:
            groups.setdefault(v, []).append(i)
    return {(a, b) for g in groups.values() if len(g) <= max_block for a in g for b in g if a < b}


def test_candidate_pairs_are_every_pair_sharing_a_value_in_bounded_chunks():
    import random

    rnd = random.Random(5)
    values = [rnd.choice(["", f"{rnd.randrange(40):016x}"]) for _ in range(600)]
    values += [f"{999:016x}"] * 30  # one block larger than max_block below
    want = _brute_pairs(values, max_block=25)
    assert len(want) > 1000
    for chunk in (1, 97, 1000, 10**7):
        got: list[tuple[int, int]] = []
        for i, j in linkage._candidate_pairs([values], chunk=chunk, max_block=25):
            # About chunk pairs at a time: never more than chunk plus one record's partners.
            assert len(i) <= chunk + 25
            got.extend((min(a, b), max(a, b)) for a, b in zip(i.tolist(), j.tolist(), strict=True))
        assert len(got) == len(set(got))
        assert set(got) == want


def test_the_matcher_agrees_with_scoring_every_blocked_pair_one_by_one():
    records = synthetic.generate(400, duplicate_share=0.6, seed=3)
    run = linkage.encoder()
    encs = [run(r.given_names, r.surname, r.birth_date, r.sex) for r in records]
    clks = [e.clk for e in encs]
    dates, names = [e.block_date for e in encs], [e.block_name for e in encs]
    parent = list(range(len(encs)))

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in sorted(_brute_pairs(dates, 10**9) | _brute_pairs(names, 10**9)):
        if linkage.dice(clks[a], clks[b]) >= linkage.THRESHOLD:
            ra, rb = find(a), find(b)
            parent[max(ra, rb)] = min(ra, rb)
    want = [find(x) for x in range(len(encs))]
    labels, stats = linkage.match_with_stats(clks, dates, names, chunk=50)
    assert labels.tolist() == want == linkage.match(clks, dates, names)
    assert len(set(want)) < len(encs)
    assert stats["candidate_pairs"] >= stats["scored_pairs"] >= stats["matched_pairs"] > 0
    assert stats["oversized_blocks"] == 0


def test_the_command_bounds_its_worker_processes_and_gives_the_same_clusters_with_one(two_providers):
    err = io.StringIO()
    call_command("statistics_link", "--processes", "0", stdout=io.StringIO(), stderr=err)
    assert "between 1 and 8" in err.getvalue()
    assert not LinkageEncoding.objects.exists()
    call_command("statistics_link", stdout=io.StringIO())
    before = dict(StatisticalRecord.objects.values_list("pk", "person_cluster"))
    out = io.StringIO()
    call_command("statistics_link", "--processes", "1", stdout=out)
    assert dict(StatisticalRecord.objects.values_list("pk", "person_cluster")) == before
    assert "(0 records changed cluster)" in out.getvalue()


def test_an_organisation_with_many_clients_is_encoded_in_worker_processes(db, orgs, monkeypatch):
    """Over two chunks the rows go to worker processes; what is stored is what one process gives."""
    records = [StatisticalRecord.objects.create() for _ in range(30)]
    people_rows = [linkage.PersonRow((str(r.pk),), f"Anna{i % 7}", "Ozola", BORN, "female")
                   for i, r in enumerate(records)]
    calls = []
    real = linkage.encode_batch

    def spy(rows, *, processes=None, chunk=linkage.ENCODE_CHUNK):
        calls.append(processes)
        return real(rows, processes=processes, chunk=4)

    monkeypatch.setattr(linkage, "encode_batch", spy)
    assert linkage.encode_organisation(orgs["provider_a"], people_rows, processes=2) == 30
    parallel = {e.record_key: bytes(e.clk) for e in LinkageEncoding.objects.all()}
    run = linkage.encoder()
    assert parallel == {r.pk: run(f"Anna{i % 7}", "Ozola", BORN, "female").clk for i, r in enumerate(records)}
    assert calls == [2]
